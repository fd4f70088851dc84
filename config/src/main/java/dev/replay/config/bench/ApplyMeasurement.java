package dev.replay.config.bench;

import dev.replay.readers.Event;
import dev.replay.readers.JdbcEventReader;
import dev.replay.readers.JdbcHighWaterMarks;
import dev.replay.readers.builder.JdbcEventReaderBuilder;
import dev.replay.writers.ProjectionItemWriter;
import dev.replay.writers.builder.ProjectionItemWriterBuilder;
import dev.replay.writers.ReadModelBuilds;
import dev.replay.writers.ReadModelTarget;
import dev.replay.writers.builtin.AccountBalanceProjection;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import dev.replay.readers.HotStore;
import javax.sql.DataSource;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code bench --apply}: the apply path of {@code account-balances} alone, its events read into
 * memory first: events/s in chunks of 10,000 with one transaction each, in live mode (upsert into
 * a scratch table, dropped after) and in building mode (a blue/green build: COPY to the delta
 * table), and the time of the completion (the compaction of the swap). The swap makes the
 * measured build live, so {@code bench} runs this before its own rebuilds, which replace it.
 * Not thread-safe.
 */
public final class ApplyMeasurement {

    private static final int CHUNK = 10_000;

    private final HotStore hotStore;
    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final PrintStream out;

    public ApplyMeasurement(HotStore hotStore, PrintStream out) {
        this.hotStore = hotStore;
        this.dataSource = hotStore.dataSource();
        this.jdbc = new JdbcTemplate(dataSource);
        this.out = out;
    }

    /** {@code rounds} rounds over the first {@code maxEvents} hot events in replay order. */
    public void run(int maxEvents, int rounds) {
        List<Event> events = firstEvents(maxEvents);
        TransactionTemplate transaction = new TransactionTemplate(new JdbcTransactionManager(dataSource));
        AccountBalanceProjection projection = new AccountBalanceProjection();
        ReadModelBuilds builds = new ReadModelBuilds(dataSource);
        out.printf("%nThe apply path of account-balances alone, %,d events in chunks of %,d:%n", events.size(), CHUNK);
        for (int round = 1; round <= rounds; round++) {
            ReadModelTarget live = ReadModelTarget.forLiveBuild(jdbc, projection, System.currentTimeMillis());
            projection.createTables(live);
            double liveRate = rate(events.size(), () -> apply(projection, live, events, transaction));
            jdbc.execute("drop table " + live.table(AccountBalanceProjection.TABLE));
            ReadModelTarget build = builds.startBuild(projection);
            double buildRate = rate(events.size(), () -> apply(projection, build, events, transaction));
            long start = System.nanoTime();
            builds.swap(projection, build.build(), "bench-apply-" + round);
            double completion = (System.nanoTime() - start) / 1e9;
            out.printf("round %d: live %,.0f events/s; building %,.0f events/s + completion %.2f s = %,.0f events/s%n",
                    round, liveRate, buildRate, completion, events.size() / (events.size() / buildRate + completion));
        }
    }

    private static void apply(AccountBalanceProjection projection, ReadModelTarget target, List<Event> events,
                              TransactionTemplate transaction) {
        ProjectionItemWriter writer = new ProjectionItemWriterBuilder().projection(projection).target(target).build();
        for (int from = 0; from < events.size(); from += CHUNK) {
            Chunk<Event> chunk = new Chunk<>(events.subList(from, Math.min(events.size(), from + CHUNK)));
            transaction.executeWithoutResult(status -> writer.write(chunk));
        }
    }

    private static double rate(int events, Runnable work) {
        long start = System.nanoTime();
        work.run();
        return events / ((System.nanoTime() - start) / 1e9);
    }

    private List<Event> firstEvents(int maxEvents) {
        JdbcEventReader reader = new JdbcEventReaderBuilder().name("bench-apply").hotStore(hotStore)
                .highWaterMark(new JdbcHighWaterMarks(dataSource).fullReplay()).build();
        List<Event> events = new ArrayList<>();
        reader.open(new ExecutionContext());
        try {
            for (Event event = reader.read(); event != null && events.size() < maxEvents; event = reader.read()) {
                events.add(event);
            }
        } finally {
            reader.close();
        }
        return events;
    }
}
