package dev.replay.config.bench;

import dev.replay.readers.HighWaterMark;
import dev.replay.readers.JdbcEventReader;
import dev.replay.readers.JdbcHighWaterMarks;
import dev.replay.readers.builder.JdbcEventReaderBuilder;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.concurrent.locks.LockSupport;
import dev.replay.readers.HotStore;
import javax.sql.DataSource;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code bench --reader}: read rates of the hot-store reader over every hot event, in one JVM on the
 * bench's data set: the reader alone with and without prefetch, and the reader in chunk
 * transactions with a simulated writer (a pause per chunk), as Spring Batch's chunk step runs
 * them. A warm-up round, then {@code rounds} rounds; each line gives events/s, seconds and the
 * JVM's CPU per event (reader, prefetch thread, collector; not the server's). Not thread-safe.
 */
public final class ReaderMeasurement {

    private static final int CHUNK = 5_000;
    /** What the simulated writer spends per chunk: its round trips. */
    private static final long WRITER_MILLIS = 10;

    private final HotStore hotStore;
    private final DataSource dataSource;
    private final HighWaterMark mark;
    private final PrintStream out;
    private long expected = -1;

    public ReaderMeasurement(HotStore hotStore, PrintStream out) {
        this.hotStore = hotStore;
        this.dataSource = hotStore.dataSource();
        this.mark = new JdbcHighWaterMarks(dataSource).fullReplay();
        this.out = out;
    }

    public void run(int rounds) {
        out.printf("%nThe hot-store reader alone (chunks of %,d, writer simulated by %d ms per chunk):%n", CHUNK, WRITER_MILLIS);
        for (int round = 0; round <= rounds; round++) {
            String label = round == 0 ? "warm-up" : "round " + round;
            report(label, "reader, prefetch off", () -> readAlone(false));
            report(label, "reader, prefetch on", () -> readAlone(true));
            report(label, "chunks + writer, prefetch off", () -> readInChunks(false));
            report(label, "chunks + writer, prefetch on", () -> readInChunks(true));
        }
    }

    /** Wall time, and CPU time of the whole JVM. */
    private void report(String round, String what, Read read) {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu = os.getProcessCpuTime();
        long started = System.nanoTime();
        long events = checked(read.events());
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf("%-8s %-32s %,12.0f events/s  (%,d events, %.2f s, JVM cpu %,4.0f ns/event)%n", round, what,
                events / seconds, events, seconds, (double) (os.getProcessCpuTime() - cpu) / Math.max(1, events));
    }

    private long readAlone(boolean prefetch) {
        JdbcEventReader reader = reader(prefetch);
        reader.open(new ExecutionContext());
        long read = 0;
        try {
            while (reader.read() != null) {
                read++;
            }
        } finally {
            reader.close();
        }
        return read;
    }

    /** As a chunk step: read a chunk and "write" it in one transaction on one connection. */
    private long readInChunks(boolean prefetch) {
        JdbcEventReader reader = reader(prefetch);
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        ExecutionContext context = new ExecutionContext();
        reader.open(context);
        long read = 0;
        try {
            for (int chunk = CHUNK; chunk == CHUNK; read += chunk) {
                chunk = transactions.execute(status -> {
                    int n = 0;
                    while (n < CHUNK && reader.read() != null) {
                        n++;
                    }
                    LockSupport.parkNanos(WRITER_MILLIS * 1_000_000);
                    reader.update(context);
                    return n;
                });
            }
        } finally {
            reader.close();
        }
        return read;
    }

    private JdbcEventReader reader(boolean prefetch) {
        return new JdbcEventReaderBuilder().name("bench").hotStore(hotStore).highWaterMark(mark)
                .prefetch(prefetch).build();
    }

    /** Every pass reads the same events: a pass that read fewer measured something else. */
    private long checked(long read) {
        if (expected >= 0 && read != expected) {
            throw new IllegalStateException("Reader pass read " + read + " events, the first pass " + expected);
        }
        expected = read;
        return read;
    }

    @FunctionalInterface
    private interface Read {
        long events();
    }
}
