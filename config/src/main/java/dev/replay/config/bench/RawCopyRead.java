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
 * {@code COPY (SELECT ... ORDER BY ...) TO STDOUT}, consumed by the JVM with nothing decoded
 * (rows counted by their line ends; text COPY escapes newlines inside values). No replay can
 * read faster; the benchmark reports the rebuild as a fraction of it.
 */
public final class RawCopyRead {

    private RawCopyRead() {
    }

    /** The number of rows read. */
    public static long readAll(DataSource dataSource) throws SQLException, IOException {
        return readAll(HotStore.of(dataSource));
    }

    /** The number of rows of {@code hotStore}'s table read. */
    public static long readAll(HotStore hotStore) throws SQLException, IOException {
        try (Connection connection = hotStore.dataSource().getConnection()) {
            LineCounter counter = new LineCounter();
            connection.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (" + hotStore.replayOrderSelect()
                    + ") TO STDOUT", counter);
            return counter.lines;
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
