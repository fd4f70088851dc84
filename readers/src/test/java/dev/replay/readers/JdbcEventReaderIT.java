package dev.replay.readers;

import static dev.replay.readers.HotStoreFixture.ids;
import static dev.replay.readers.HotStoreFixture.insert;
import static dev.replay.readers.HotStoreFixture.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replay.readers.sample.AccountEventGenerator;
import dev.replay.readers.sample.SeedSpec;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.batch.infrastructure.item.ExecutionContext;

class JdbcEventReaderIT {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant TIE = Instant.parse("2026-01-01T12:00:00.000001Z");

    private final HotStoreFixture store = new HotStoreFixture();

    @AfterEach
    void close() {
        store.close();
    }

    private static Event event(String type, String id, long version, String uuid, Instant at) {
        return new Event(UUID.fromString(uuid), type, id, version, "Opened", "{}", at);
    }

    /** Ties on timestamp and version whose ids differ in the high bit of either half. */
    private List<Event> ties() {
        List<Event> ties = List.of(
                event("Tie", "a", 1, "80000000-0000-4000-8000-000000000001", TIE),
                event("Tie", "b", 1, "00000000-0000-4000-8000-000000000001", TIE),
                event("Tie", "c", 1, "ffffffff-ffff-4fff-bfff-ffffffffffff", TIE),
                event("Tie", "d", 1, "7fffffff-ffff-4fff-bfff-ffffffffffff", TIE),
                event("Tie", "e", 1, "00000000-0000-4000-0000-000000000002", TIE),
                event("Tie", "f", 1, "00000000-0000-4000-f000-000000000002", TIE),
                event("Tie", "a", 2, "00000000-0000-4000-8000-000000000000", TIE),
                event("Tie", "b", 2, "90000000-0000-4000-8000-000000000000", TIE));
        store.appender.append(ties);
        return ties;
    }

    @Nested
    class ReplayOrder {

        @ParameterizedTest(name = "page size {0}")
        @ValueSource(ints = {1, 2, 3, 7, 5000})
        void readsExactlyInDatabaseReplayOrderAcrossPageBoundariesInsideTies(int pageSize) {
            // given
            List<Event> seeded = new ArrayList<>(store.seed(new SeedSpec(1_500, 40, 1, 7, START)));
            seeded.addAll(ties());

            // when
            List<Event> read = readAll(store.reader().pageSize(pageSize).build());

            // then
            assertThat(ids(read)).isEqualTo(store.idsInDatabaseOrder());
            assertThat(ids(read)).isEqualTo(ids(seeded.stream().sorted((x, y) -> x.key().compareTo(y.key())).toList()));
        }

        @Test
        void ordersTiedIdsUnsignedAsPostgresDoes() {
            // given
            ties();

            // when
            List<Event> read = readAll(store.reader().pageSize(3).build());

            // then
            assertThat(ids(read)).extracting(UUID::toString).containsExactly(
                    "00000000-0000-4000-0000-000000000002",
                    "00000000-0000-4000-8000-000000000001",
                    "00000000-0000-4000-f000-000000000002",
                    "7fffffff-ffff-4fff-bfff-ffffffffffff",
                    "80000000-0000-4000-8000-000000000001",
                    "ffffffff-ffff-4fff-bfff-ffffffffffff",
                    "00000000-0000-4000-8000-000000000000",
                    "90000000-0000-4000-8000-000000000000");
        }

        @Test
        void readsEveryColumnBack() {
            // given
            List<Event> seeded = store.seed(new SeedSpec(50, 5, 1, 3, START));

            // when
            List<Event> read = readAll(store.reader().build());

            // then: the payload comes back as PostgreSQL normalizes jsonb
            assertThat(read).usingRecursiveFieldByFieldElementComparatorIgnoringFields("payload")
                    .containsExactlyInAnyOrderElementsOf(seeded);
            var byId = seeded.stream().collect(java.util.stream.Collectors.toMap(Event::eventId, Event::payload));
            assertThat(read).allSatisfy(e -> assertThat(e.payload()).isEqualTo(store.jdbc.queryForObject(
                    "select ?::jsonb::text", String.class, byId.get(e.eventId()))));
        }
    }

    @Nested
    class HighWaterMarks {

        @Test
        void leavesOpenTransactionsToTheCatchUpThatFollowsTheirCommit() throws Exception {
            // given: A open, B committed after A began, C begins after the first mark
            store.appender.append(List.of(event("Hwm", "zero", 1, "00000000-0000-4000-8000-0000000000f0", START)));
            List<Event> runs = new ArrayList<>();
            try (Connection a = store.openTransaction(); Connection b = store.openTransaction();
                 Connection c = store.openTransaction()) {
                insert(a, event("Hwm", "a", 1, "00000000-0000-4000-8000-0000000000a1", START.plusSeconds(1)));
                insert(b, event("Hwm", "b", 1, "00000000-0000-4000-8000-0000000000b1", START.plusSeconds(2)));
                b.commit();

                // when
                HighWaterMark first = store.marks.fullReplay();
                List<Event> full = readAll(store.reader().highWaterMark(first).build());
                insert(c, event("Hwm", "c", 1, "00000000-0000-4000-8000-0000000000c1", START));
                a.commit();
                HighWaterMark second = store.marks.catchUpAfter(first);
                List<Event> catchUp = readAll(store.reader().highWaterMark(second).build());
                c.commit();
                HighWaterMark third = store.marks.catchUpAfter(second);
                List<Event> lastCatchUp = readAll(store.reader().highWaterMark(third).build());

                // then: B committed, but above A's xmin: it waits for A, never skipped
                assertThat(full).extracting(Event::aggregateId).containsExactly("zero");
                assertThat(catchUp).extracting(Event::aggregateId).containsExactly("a", "b");
                assertThat(lastCatchUp).extracting(Event::aggregateId).containsExactly("c");
                runs.addAll(full);
                runs.addAll(catchUp);
                runs.addAll(lastCatchUp);
            }
            assertThat(ids(runs)).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(store.idsInDatabaseOrder());
        }

        @Test
        void capturesAMarkBelowEveryOpenTransaction() throws Exception {
            try (Connection open = store.openTransaction()) {
                insert(open, event("Hwm", "a", 1, "00000000-0000-4000-8000-0000000000a1", START));
                long openXid;
                try (var statement = open.createStatement();
                     var row = statement.executeQuery("select pg_current_xact_id()::text::bigint")) {
                    row.next();
                    openXid = row.getLong(1);
                }
                assertThat(store.marks.currentXmin()).isLessThanOrEqualTo(openXid);
                open.rollback();
            }
        }

        @Test
        void capturesTheMarkAtOpenWhenNoneIsGiven() {
            // given
            store.seed(new SeedSpec(100, 10, 1, 5, START));
            JdbcEventReader reader = store.reader().build();
            reader.open(new ExecutionContext());

            // when: appended after open, so above the captured mark
            store.appender.append(List.of(event("Late", "x", 1, "00000000-0000-4000-8000-000000000001", START)));
            List<Event> read = HotStoreFixture.readRest(reader);

            // then
            assertThat(read).hasSize(100).noneMatch(e -> e.aggregateType().equals("Late"));
        }
    }

    @Nested
    class Filters {

        @Test
        void readsOnlyTheTimeRangeAggregateTypesAndEventTypesAskedFor() {
            // given
            List<Event> seeded = new ArrayList<>(store.seed(new SeedSpec(2_000, 50, 4, 11, START)));
            seeded.addAll(ties());
            List<Event> all = readAll(store.reader().build());
            Instant from = Instant.parse("2026-01-02T00:00:00Z");
            Instant to = Instant.parse("2026-01-03T00:00:00Z");

            // when
            List<Event> range = readAll(store.reader().pageSize(97).from(from).to(to).build());
            List<Event> ties = readAll(store.reader().pageSize(3).aggregateTypes("Tie").build());
            List<Event> movements = readAll(store.reader().pageSize(97).eventTypes("Deposited", "Withdrawn").build());

            // then
            assertThat(range).isNotEmpty().isEqualTo(all.stream()
                    .filter(e -> !e.occurredAt().isBefore(from) && e.occurredAt().isBefore(to)).toList());
            assertThat(ties).hasSize(8).allMatch(e -> e.aggregateType().equals("Tie"));
            assertThat(movements).isNotEmpty().isEqualTo(all.stream()
                    .filter(e -> Set.of("Deposited", "Withdrawn").contains(e.eventType())).toList());
        }
    }

    @Nested
    class VersionContinuity {

        @Test
        void failsReadNamingTheAggregateAndVersionsWhenAVersionIsMissing() {
            // given
            store.seed(new SeedSpec(1_000, 20, 1, 13, START));
            String account = AccountEventGenerator.accountId(13, 4);
            store.jdbc.update("delete from events where aggregate_id = ? and version = 3", account);

            // when / then
            assertThatThrownBy(() -> readAll(store.reader().pageSize(50).build()))
                    .isInstanceOf(VersionContinuityException.class)
                    .hasMessageStartingWith("Version gap in aggregate Account/" + account + ": expected version 3, found 4 (event ");
        }

        @Test
        void failsAgainOnRetryRatherThanSkipTheEvent() {
            // given
            store.seed(new SeedSpec(300, 10, 1, 13, START));
            store.jdbc.update("delete from events where aggregate_id = ? and version = 2",
                    AccountEventGenerator.accountId(13, 0));
            JdbcEventReader reader = store.reader().build();
            reader.open(new ExecutionContext());

            // when / then
            assertThatThrownBy(() -> HotStoreFixture.readRest(reader)).isInstanceOf(VersionContinuityException.class);
            assertThatThrownBy(reader::read).isInstanceOf(VersionContinuityException.class);
        }

        @Test
        void takesMidHistoryAggregatesAsBaselineWhenHistoryIsIncompleteOrCheckIsOff() {
            // given: version 1 of every account archived away
            store.seed(new SeedSpec(500, 10, 1, 17, START));
            store.jdbc.update("delete from events where version = 1");
            long rows = store.jdbc.queryForObject("select count(*) from events", Long.class);

            // when / then
            assertThatThrownBy(() -> readAll(store.reader().build())).hasMessageContaining("expected version 1, found 2");
            assertThat(readAll(store.reader().historyComplete(false).build())).hasSize((int) rows);
            assertThat(readAll(store.reader().versionCheck(false).build())).hasSize((int) rows);
        }
    }
}
