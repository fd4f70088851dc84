package dev.replay.config.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import dev.replay.readers.HotStore;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * The raw read limit of the hot store: every event in replay order through
 * {@code COPY (SELECT ... ORDER BY ...) TO STDOUT}, consumed by the JVM with nothing decoded into
 * objects. Text COPY ({@link #readAll}): rows counted by their line ends (text COPY escapes
 * newlines inside values). Binary COPY ({@link #readAllBinary}): the tuples parsed by their field
 * counts and lengths, and every value byte folded into a checksum, so that the JVM looks at every
 * byte as the text read does. No replay can read faster than the faster of the two; the benchmark
 * reports the rebuild as a fraction of it.
 */
public final class RawCopyRead {

    private RawCopyRead() {
    }

    /** The number of rows read. */
    public static long readAll(DataSource dataSource) throws SQLException, IOException {
        return readAll(HotStore.of(dataSource));
    }

    /** The number of rows of {@code hotStore}'s table read by text COPY. */
    public static long readAll(HotStore hotStore) throws SQLException, IOException {
        LineCounter counter = new LineCounter();
        copyOut(hotStore, "", counter);
        return counter.lines;
    }

    /**
     * The number of rows of {@code hotStore}'s table read by binary COPY.
     *
     * @throws IllegalStateException when the stream is not in PostgreSQL's binary COPY format
     */
    public static long readAllBinary(HotStore hotStore) throws SQLException, IOException {
        BinaryCopyParser parser = new BinaryCopyParser();
        copyOut(hotStore, " (FORMAT binary)", parser);
        return parser.finish();
    }

    private static void copyOut(HotStore hotStore, String options, OutputStream to) throws SQLException, IOException {
        try (Connection connection = hotStore.dataSource().getConnection()) {
            connection.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (" + hotStore.replayOrderSelect()
                    + ") TO STDOUT" + options, to);
        }
    }

    private static final class LineCounter extends OutputStream {

        private long lines;

        @Override
        public void write(int b) {
            if (b == '\n') {
                lines++;
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                if (bytes[i] == '\n') {
                    lines++;
                }
            }
        }
    }
}
