package dev.replay.writers.builtin;

import dev.replay.readers.Event;
import dev.replay.readers.JdbcEventAppender;
import dev.replay.readers.sample.SampleEventSeeder;
import dev.replay.readers.sample.SeedSpec;
import dev.replay.readers.testing.TestDatabase;
import dev.replay.writers.ProjectionItemWriter;
import dev.replay.writers.ReadModelBuilds;
import dev.replay.writers.ReadModelTarget;
import dev.replay.writers.builder.ProjectionItemWriterBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A measurement, not a test: prints events/s of account-balances over 1M events of 100k accounts,
 * in chunks of 10,000 events with one transaction each, in live mode (upsert) and in building mode
 * (COPY to the delta table), and the time of the completion (compaction). Asserts nothing about time.
 * Run: {@code ./mvnw -pl writers verify -Dit.test=AccountBalanceApplyMeasurementIT -Dreplay.measure=true}
 * (optional {@code -Dreplay.measure.events}, {@code -Dreplay.measure.rounds}).
 */
@EnabledIfSystemProperty(named = "replay.measure", matches = "true")
class AccountBalanceApplyMeasurementIT {

    private static final int CHUNK = 10_000;

    @Test
    void printsEventsPerSecondOfBothModes() {
        long total = Long.getLong("replay.measure.events", 1_000_000);
        int rounds = Integer.getInteger("replay.measure.rounds", 3);
        try (TestDatabase database = TestDatabase.create()) {
            JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
            TransactionTemplate transaction = new TransactionTemplate(new JdbcTransactionManager(database.dataSource()));
            new SampleEventSeeder(new JdbcEventAppender(database.dataSource()), 5_000, 2)
                    .seed(new SeedSpec(total, (int) (total / 10), 30, 42, Instant.parse("2026-01-01T00:00:00Z")), n -> { });
            List<Event> events = inReplayOrder(jdbc);
            AccountBalanceProjection projection = new AccountBalanceProjection();
            ReadModelBuilds builds = new ReadModelBuilds(database.dataSource());
            for (int round = 1; round <= rounds; round++) {
                ReadModelTarget live = ReadModelTarget.forLiveBuild(jdbc, projection, 1_000 + round);
                projection.createTables(live);
                double liveRate = rate(events.size(), () -> apply(projection, live, events, transaction));
                ReadModelTarget build = builds.startBuild(projection);
                double buildRate = rate(events.size(), () -> apply(projection, build, events, transaction));
                long start = System.nanoTime();
                builds.swap(projection, build.build(), "m" + round);
                double completion = (System.nanoTime() - start) / 1e9;
                double endToEnd = events.size() / (events.size() / buildRate + completion);
                System.out.printf("MEASURE round %d: %,d events, %,d accounts: live %,.0f events/s;"
                        + " building %,.0f events/s + completion %.2f s = %,.0f events/s%n", round, events.size(),
                        total / 10, liveRate, buildRate, completion, endToEnd);
                jdbc.execute("drop table " + live.table(AccountBalanceProjection.TABLE));
            }
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

    private static List<Event> inReplayOrder(JdbcTemplate jdbc) {
        List<Event> events = new ArrayList<>();
        jdbc.query("select event_id, aggregate_type, aggregate_id, version, event_type, event_data::text,"
                + " occurred_at, schema_version from events order by occurred_at, version, event_id", rs -> {
                    events.add(new Event(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                            rs.getLong(4), rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant(), rs.getInt(8)));
                });
        return events;
    }
}
