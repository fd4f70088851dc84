package dev.replay.writers.builtin;

import static dev.replay.writers.TestEvents.closed;
import static dev.replay.writers.TestEvents.deposited;
import static dev.replay.writers.TestEvents.opened;
import static dev.replay.writers.TestEvents.withdrawn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replay.readers.CheckpointHandoff;
import dev.replay.readers.Event;
import dev.replay.readers.sample.AccountEventGenerator;
import dev.replay.readers.sample.SeedSpec;
import dev.replay.readers.testing.TestDatabase;
import dev.replay.writers.BuildFoldPolicy;
import dev.replay.writers.ProjectedEvent;
import dev.replay.writers.ProjectionItemWriter;
import dev.replay.writers.ReadModelBuilds;
import dev.replay.writers.ReadModelTarget;
import dev.replay.writers.builder.ProjectionItemWriterBuilder;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The building mode of account-balances (delta table, completion) against the live mode. */
class AccountBalanceBuildIT {

    private static final Instant TIE = Instant.parse("2026-02-01T00:00:00Z");

    private final TestDatabase database = TestDatabase.create();
    private final JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
    private final TransactionTemplate transaction =
            new TransactionTemplate(new JdbcTransactionManager(database.dataSource()));
    private final AccountBalanceProjection projection = new AccountBalanceProjection();
    private final ReadModelBuilds builds = new ReadModelBuilds(database.dataSource(), 1);

    record Row(BigDecimal balance, String status, long version, Instant updatedAt) {
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Nested
    class CompletedBuild {

        @Test
        void equalsTheTableTheLiveModeWritesForTheSameEvents() {
            // given
            List<Event> events = mixedStream();
            ReadModelTarget liveCopy = liveReference();
            write(liveCopy, events, 500);
            ReadModelTarget build = builds.startBuild(projection);

            // when
            write(build, events, 500);
            builds.swap(projection, build.build(), "hwm");

            // then
            Map<String, Row> expected = rows(liveCopy.table(AccountBalanceProjection.TABLE));
            assertThat(expected).containsKeys("long", "tie-1", "tie-2", "reopened");
            assertThat(expected.values()).anyMatch(row -> row.status().equals("closed"));
            assertThat(rows(build.table(AccountBalanceProjection.TABLE))).isEqualTo(expected);
            assertThat(rows("account_balance")).isEqualTo(expected);
        }

        @Test
        void equalsTheLiveModesTableWhenItsFoldSpansChunks() {
            // given: chunks of 500, the fold written every 1,700 events (some accounts in several writes)
            List<Event> events = mixedStream();
            Map<String, Row> expected = rowsOfALiveCopy(events);
            ReadModelTarget build = builds.startBuild(projection);
            int[] remaining = {events.size()};
            ProjectionItemWriter writer = new ProjectionItemWriterBuilder().projection(projection).target(build)
                    .foldPolicy(new BuildFoldPolicy(new CheckpointHandoff(), () -> remaining[0] == 0, 1_700, 100_000))
                    .build();
            writer.open(new ExecutionContext());

            // when
            for (int from = 0; from < events.size(); from += 500) {
                List<Event> chunk = events.subList(from, Math.min(events.size(), from + 500));
                remaining[0] -= chunk.size();
                writer.write(new Chunk<>(chunk));
            }
            builds.swap(projection, build.build(), "hwm");

            // then
            assertThat(rows("account_balance")).isEqualTo(expected);
        }

        @Test
        void holdsItsAccountsInATableThatGrowsAndStartsOverAfterAFlush() {
            // given: 4,000 accounts, past the fold's first table (4,096 slots, grown at 3,072)
            ReadModelTarget build = builds.startBuild(projection);
            AccountBalanceBuildFold fold = (AccountBalanceBuildFold) projection.buildFold(build);
            List<Event> events = new ArrayList<>();
            for (int account = 0; account < 4_000; account++) {
                events.add(opened("grow-" + account));
            }

            // when
            fold.add(events.stream().map(ProjectedEvent::new).toList());
            fold.add(List.of(new ProjectedEvent(deposited("grow-7", 2, "1.25"))));
            int held = fold.held();
            fold.flush(build);
            fold.add(List.of(new ProjectedEvent(deposited("grow-7", 3, "1.00"))));
            fold.flush(build);
            builds.swap(projection, build.build(), "hwm");

            // then
            assertThat(held).isEqualTo(4_000);
            assertThat(fold.held()).isZero();
            Map<String, Row> rows = rows("account_balance");
            assertThat(rows).hasSize(4_000);
            assertThat(rows.get("grow-7").balance()).isEqualByComparingTo("2.25");
            assertThat(rows.get("grow-7").version()).isEqualTo(3);
        }

        @Test
        void takesTheLatestOpeningOrClosingAcrossChunksAsTheStatus() {
            // given
            ReadModelTarget build = builds.startBuild(projection);
            write(build, List.of(opened("a-1"), closed("a-1", 2), event("a-1", 3, "AccountOpened", "{}"),
                    opened("b-1"), deposited("b-1", 2, "1.00"), closed("b-1", 3), deposited("b-1", 4, "2.00")), 2);

            // when
            builds.swap(projection, build.build(), "hwm");

            // then
            Map<String, Row> rows = rows("account_balance");
            assertThat(rows.get("a-1")).isEqualTo(new Row(new BigDecimal("0.00"), "open", 3,
                    event("a-1", 3, "AccountOpened", "{}").occurredAt()));
            assertThat(rows.get("b-1")).isEqualTo(new Row(new BigDecimal("3.00"), "closed", 4,
                    deposited("b-1", 4, "2.00").occurredAt()));
        }

        @Test
        void hasNoDeltaTableLeft() {
            // given
            ReadModelTarget build = builds.startBuild(projection);
            write(build, mixedStream(), 1_000);
            assertThat(relationExists("account_balance__b1__delta")).isTrue();

            // when
            builds.swap(projection, build.build(), "hwm");

            // then
            assertThat(relationExists("account_balance__b1__delta")).isFalse();
        }

        @Test
        void failsNamingTheAccountWhenAChunkWasAppliedTwice() {
            // given
            ReadModelTarget build = builds.startBuild(projection);
            List<Event> chunk = List.of(opened("a-1"), deposited("a-1", 2, "5.00"));
            write(build, chunk, 10);
            write(build, chunk, 10);

            // when / then
            assertThatThrownBy(() -> builds.swap(projection, build.build(), "hwm"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("account a-1 (versions 1 to 2, 4 covered) overlap");
            assertThat(relationExists("account_balance")).isFalse();
            assertThat(relationExists("account_balance__b1__delta")).isTrue();
        }
    }

    @Nested
    class Restart {

        @Test
        void completingTwiceChangesNothing() {
            // given
            ReadModelTarget build = builds.startBuild(projection);
            write(build, mixedStream(), 700);
            transaction.executeWithoutResult(status -> projection.completeBuild(build));
            Map<String, Row> once = rows(build.table(AccountBalanceProjection.TABLE));

            // when
            transaction.executeWithoutResult(status -> projection.completeBuild(build));
            builds.swap(projection, build.build(), "hwm");
            builds.swap(projection, build.build(), "hwm");

            // then
            assertThat(once).isNotEmpty();
            assertThat(rows("account_balance")).isEqualTo(once);
        }

        @Test
        void aRolledBackCompletionIsDoneAgainByTheNextSwap() {
            // given
            List<Event> events = mixedStream();
            ReadModelTarget build = builds.startBuild(projection);
            write(build, events, 700);

            // when
            assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
                projection.completeBuild(build);
                throw new IllegalStateException("killed before the commit");
            })).hasMessage("killed before the commit");
            int rowsAfterRollback = count(build.table(AccountBalanceProjection.TABLE));
            builds.swap(projection, build.build(), "hwm");

            // then
            assertThat(rowsAfterRollback).isZero();
            assertThat(relationExists("account_balance__b1__delta")).isFalse();
            assertThat(rows("account_balance")).isEqualTo(rowsOfALiveCopy(events));
        }

        @Test
        void anAbandonedBuildLosesItsDeltaTableWithItsTables() {
            // given
            ReadModelTarget abandoned = builds.startBuild(projection);
            write(abandoned, mixedStream(), 1_000);
            ReadModelTarget next = builds.startBuild(projection);

            // when
            builds.swap(projection, next.build(), "hwm");

            // then
            assertThat(relationExists("account_balance__b1")).isFalse();
            assertThat(relationExists("account_balance__b1__delta")).isFalse();
        }
    }

    @Nested
    class CatchUp {

        @Test
        void updatesTheLiveTableOfACompletedBuildInPlace() {
            // given
            ReadModelTarget build = builds.startBuild(projection);
            write(build, List.of(opened("a-1"), deposited("a-1", 2, "10.00")), 10);
            builds.swap(projection, build.build(), "hwm");
            ReadModelTarget live = builds.live(projection).orElseThrow();

            // when
            write(live, List.of(withdrawn("a-1", 3, "2.50"), opened("a-2")), 10);

            // then
            assertThat(live.building()).isFalse();
            assertThat(rows("account_balance")).containsEntry("a-1",
                    new Row(new BigDecimal("7.50"), "open", 3, withdrawn("a-1", 3, "1").occurredAt()))
                    .containsKey("a-2");
            assertThat(relationExists("account_balance__b1__delta")).isFalse();
        }
    }

    /** Generated accounts (some closed), one account with 1,200 versions, ties on the timestamp, a reopening. */
    private static List<Event> mixedStream() {
        List<Event> events = new ArrayList<>();
        new AccountEventGenerator(new SeedSpec(6_000, 300, 3, 7, Instant.parse("2026-01-01T00:00:00Z")))
                .forEachRemaining(events::add);
        events.add(event("long", 1, "AccountOpened", "{}"));
        for (int version = 2; version <= 1_200; version++) {
            events.add(version % 3 == 0 ? withdrawn("long", version, "0.25") : deposited("long", version, "1.10"));
        }
        for (String id : List.of("tie-1", "tie-2")) {
            events.add(new Event(UUID.randomUUID(), "Account", id, 1, "AccountOpened", "{}", TIE));
            events.add(new Event(UUID.randomUUID(), "Account", id, 2, "Deposited", "{\"amount\": 3.30}", TIE));
            events.add(new Event(UUID.randomUUID(), "Account", id, 3, "AccountClosed", "{}", TIE));
        }
        events.addAll(List.of(event("reopened", 1, "AccountOpened", "{}"), closed("reopened", 2),
                event("reopened", 3, "AccountOpened", "{}")));
        events.sort(Comparator.comparing(Event::occurredAt).thenComparing(Event::version).thenComparing(Event::eventId));
        return events;
    }

    private static Event event(String id, long version, String type, String payload) {
        return dev.replay.writers.TestEvents.event(id, version, type, payload);
    }

    private Map<String, Row> rowsOfALiveCopy(List<Event> events) {
        ReadModelTarget liveCopy = liveReference();
        write(liveCopy, events, 700);
        return rows(liveCopy.table(AccountBalanceProjection.TABLE));
    }

    /** The reference: a table of the same shape written in live mode (not a registered build). */
    private ReadModelTarget liveReference() {
        ReadModelTarget reference = ReadModelTarget.forLiveBuild(jdbc, projection, 99);
        projection.createTables(reference);
        return reference;
    }

    private void write(ReadModelTarget target, List<Event> events, int chunkSize) {
        ProjectionItemWriter writer = new ProjectionItemWriterBuilder().projection(projection).target(target).build();
        for (int from = 0; from < events.size(); from += chunkSize) {
            writer.write(new Chunk<>(events.subList(from, Math.min(events.size(), from + chunkSize))));
        }
    }

    private boolean relationExists(String name) {
        return jdbc.queryForObject("select to_regclass(?) is not null", Boolean.class, name);
    }

    private int count(String table) {
        return jdbc.queryForObject("select count(*) from " + table, Integer.class);
    }

    private Map<String, Row> rows(String table) {
        Map<String, Row> rows = new HashMap<>();
        jdbc.query("select * from " + table, rs -> {
            rows.put(rs.getString("account_id"), new Row(rs.getBigDecimal("balance"), rs.getString("status"),
                    rs.getLong("version"), rs.getTimestamp("updated_at").toInstant()));
        });
        return rows;
    }
}
