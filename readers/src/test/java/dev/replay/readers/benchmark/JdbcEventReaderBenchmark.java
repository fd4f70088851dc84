package dev.replay.readers.benchmark;

import dev.replay.readers.Event;
import dev.replay.readers.HighWaterMark;
import dev.replay.readers.JdbcEventAppender;
import dev.replay.readers.JdbcEventReader;
import dev.replay.readers.JdbcHighWaterMarks;
import dev.replay.readers.builder.JdbcEventReaderBuilder;
import dev.replay.readers.sample.AccountEventGenerator;
import dev.replay.readers.sample.SeedSpec;
import dev.replay.readers.testing.TestDatabase;
import java.io.OutputStream;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Read rates of the hot store, in one JVM on one data set: the raw {@code COPY ... TO STDOUT}
 * limit, the reader alone with and without prefetch, and the reader in chunk transactions with a
 * simulated writer (a pause per chunk), as Spring Batch's chunk step runs them. Not a test:
 * run it by hand and read the printed figures.
 *
 * <p>Arguments: events (default 1,000,000), writer milliseconds per 5,000-event chunk (default 10),
 * rounds (default 3).
 */
public final class JdbcEventReaderBenchmark {

    private static final int CHUNK = 5_000;
    private static final String COPY_SQL = "COPY (select event_id, aggregate_type, aggregate_id, version, event_type,"
            + " event_data, occurred_at from events where tx_id < '%d'::xid8 order by occurred_at, version, event_id)"
            + " TO STDOUT";

    private final DataSource dataSource;
    private final HighWaterMark mark;
    private final long events;

    private JdbcEventReaderBenchmark(DataSource dataSource, HighWaterMark mark, long events) {
        this.dataSource = dataSource;
        this.mark = mark;
        this.events = events;
    }

    public static void main(String[] args) throws Exception {
        long events = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        long writerMillis = args.length > 1 ? Long.parseLong(args[1]) : 10;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        try (TestDatabase database = TestDatabase.create()) {
            seed(database.dataSource(), new SeedSpec(events, 100_000, 365, 7, Instant.parse("2026-01-01T00:00:00Z")));
            HighWaterMark mark = new JdbcHighWaterMarks(database.dataSource()).fullReplay();
            new JdbcEventReaderBenchmark(database.dataSource(), mark, events).run(rounds, writerMillis);
        }
        System.exit(0);
    }

    private static void seed(DataSource dataSource, SeedSpec spec) throws Exception {
        long started = System.nanoTime();
        JdbcEventAppender appender = new JdbcEventAppender(dataSource);
        AccountEventGenerator generator = new AccountEventGenerator(spec);
        List<Event> batch = new ArrayList<>(50_000);
        while (generator.hasNext()) {
            batch.add(generator.next());
            if (batch.size() == 50_000 || !generator.hasNext()) {
                appender.append(batch);
                batch.clear();
            }
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.createStatement().execute("vacuum analyze events");
        }
        System.out.printf("seeded %,d events in %.1f s%n", spec.events(), (System.nanoTime() - started) / 1e9);
    }

    private void run(int rounds, long writerMillis) throws Exception {
        for (int round = 0; round <= rounds; round++) {
            String label = round == 0 ? "warm-up" : "round " + round;
            report(label, "COPY TO STDOUT (raw limit)", timed(this::copyOut));
            report(label, "reader, prefetch off", timed(() -> readAlone(false)));
            report(label, "reader, prefetch on", timed(() -> readAlone(true)));
            report(label, "chunks + writer " + writerMillis + " ms/5k, prefetch off",
                    timed(() -> readInChunks(false, writerMillis)));
            report(label, "chunks + writer " + writerMillis + " ms/5k, prefetch on",
                    timed(() -> readInChunks(true, writerMillis)));
        }
    }

    private void report(String round, String what, Timed run) {
        System.out.printf("%-8s %-42s %,10.0f events/s  (%.2f s, JVM cpu %,4.0f ns/event)%n", round, what,
                events / (run.nanos / 1e9), run.nanos / 1e9, (double) run.cpuNanos / events);
    }

    private record Timed(long nanos, long cpuNanos) {
    }

    private interface Run {
        void run() throws Exception;
    }

    /** Wall time, and CPU time of the whole JVM (reader, prefetch thread, GC; not the server). */
    private static Timed timed(Run run) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpu = os.getProcessCpuTime();
        long started = System.nanoTime();
        run.run();
        return new Timed(System.nanoTime() - started, os.getProcessCpuTime() - cpu);
    }

    private void copyOut() throws Exception {
        RowCounter rows = new RowCounter();
        try (Connection connection = dataSource.getConnection()) {
            connection.unwrap(PGConnection.class).getCopyAPI().copyOut(COPY_SQL.formatted(mark.upperXmin()), rows);
        }
        check(rows.rows);
    }

    private void readAlone(boolean prefetch) {
        JdbcEventReader reader = reader(prefetch);
        reader.open(new ExecutionContext());
        long read = 0;
        while (reader.read() != null) {
            read++;
        }
        reader.close();
        check(read);
    }

    /** As a chunk step: read a chunk and "write" it in one transaction on one connection. */
    private void readInChunks(boolean prefetch, long writerMillis) {
        JdbcEventReader reader = reader(prefetch);
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        ExecutionContext context = new ExecutionContext();
        reader.open(context);
        long read = 0;
        while (true) {
            Integer chunk = transactions.execute(status -> {
                int n = 0;
                while (n < CHUNK && reader.read() != null) {
                    n++;
                }
                LockSupport.parkNanos(writerMillis * 1_000_000); // the writer's round trips
                reader.update(context);
                return n;
            });
            read += chunk;
            if (chunk < CHUNK) {
                break;
            }
        }
        reader.close();
        check(read);
    }

    private JdbcEventReader reader(boolean prefetch) {
        return new JdbcEventReaderBuilder().name("bench").dataSource(dataSource).highWaterMark(mark)
                .prefetch(prefetch).build();
    }

    private void check(long read) {
        if (read != events) {
            throw new IllegalStateException("read " + read + " events, expected " + events);
        }
    }

    /** Counts the rows of COPY's text format: one newline each, newlines in values are escaped. */
    private static final class RowCounter extends OutputStream {
        long rows;

        @Override
        public void write(int b) {
            if (b == '\n') {
                rows++;
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                if (bytes[i] == '\n') {
                    rows++;
                }
            }
        }
    }
}
