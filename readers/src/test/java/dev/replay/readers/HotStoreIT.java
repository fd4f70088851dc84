package dev.replay.readers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replay.readers.builder.JdbcEventReaderBuilder;
import dev.replay.readers.testing.TestDatabase;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The hot store's statements on a mapped, adopted table whose commit-order column is nullable. */
class HotStoreIT {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private final TestDatabase database = TestDatabase.create();
    private final JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
    private final HotStoreTable table = HotStoreTable.of("ledger.domain_events", mapping("id"));
    private final HotStore hotStore = new HotStore(database.dataSource(), table);

    @AfterEach
    void close() {
        database.close();
    }

    private static Map<HotStoreColumn, String> mapping(String eventId) {
        Map<HotStoreColumn, String> columns = new EnumMap<>(HotStoreColumn.class);
        columns.put(HotStoreColumn.EVENT_ID, eventId);
        columns.put(HotStoreColumn.AGGREGATE_TYPE, "stream_type");
        columns.put(HotStoreColumn.AGGREGATE_ID, "stream_id");
        columns.put(HotStoreColumn.VERSION, "seq");
        columns.put(HotStoreColumn.EVENT_TYPE, "kind");
        columns.put(HotStoreColumn.EVENT_DATA, "body");
        columns.put(HotStoreColumn.OCCURRED_AT, "recorded_at");
        return columns;
    }

    private void createTable() {
        jdbc.execute("create schema ledger");
        jdbc.execute("""
                create table ledger.domain_events (id uuid primary key, stream_type text not null, stream_id text not null,
                  seq integer not null, kind text not null, body json not null, recorded_at timestamptz not null,
                  tenant text not null default 'x', unique (stream_type, stream_id, seq))
                """);
    }

    /** A producer's own insert: its columns only. */
    private UUID insert(String stream, int seq, int minute) {
        UUID id = UUID.randomUUID();
        jdbc.update("insert into ledger.domain_events (id, stream_type, stream_id, seq, kind, body, recorded_at)"
                + " values (?, 'Account', ?, ?, 'Deposited', ?::json, ?)", id, stream, seq,
                "{\"amount\": " + seq + "}", java.sql.Timestamp.from(T0.plusSeconds(60L * minute)));
        return id;
    }

    private void adopt() {
        HotStoreAdoption adoption = new HotStoreAdoption(database.dataSource(), table);
        adoption.apply(adoption.plan(), statement -> { });
    }

    private List<Event> read(HighWaterMark mark) {
        return HotStoreFixture.readAll(new JdbcEventReaderBuilder().name("events").hotStore(hotStore)
                .highWaterMark(mark).historyComplete(!mark.isCatchUp()).pageSize(2).build());
    }

    @Nested
    class NullableCommitOrder {

        @Test
        @DisplayName("Issue 17: rows older than the commit-order column count in a full replay, not in a catch-up")
        void preExistingRowsCountInAFullReplayNotInACatchUp() {
            // given: three rows appended before adoption (no commit order), two after
            createTable();
            insert("a-1", 1, 0);
            insert("a-1", 2, 1);
            insert("a-2", 1, 2);
            adopt();
            HighWaterMark first = new JdbcHighWaterMarks(database.dataSource()).fullReplay();
            insert("a-1", 3, 3);
            insert("a-2", 2, 4);
            HighWaterMark catchUp = new JdbcHighWaterMarks(database.dataSource()).catchUpAfter(first);

            // when / then
            assertThat(hotStore.count(first, EventFilter.ALL)).isEqualTo(3);
            assertThat(hotStore.count(HighWaterMark.fullReplay(catchUp.upperXmin()), EventFilter.ALL)).isEqualTo(5);
            assertThat(hotStore.count(catchUp, EventFilter.ALL)).isEqualTo(2);
            assertThat(read(first)).extracting(Event::aggregateId, Event::version)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("a-1", 1L),
                            org.assertj.core.groups.Tuple.tuple("a-1", 2L), org.assertj.core.groups.Tuple.tuple("a-2", 1L));
            List<Event> caughtUp = read(catchUp);
            assertThat(caughtUp).extracting(Event::version).containsExactly(3L, 2L);
            assertThat(caughtUp.get(0).payload()).isEqualTo("{\"amount\": 3}");
            assertThat(caughtUp.get(0).schemaVersion()).isEqualTo(1);
            assertThat(caughtUp.get(0).metadata()).isNull();
            List<Event> all = read(HighWaterMark.fullReplay(catchUp.upperXmin()));
            assertThat(hotStore.countAfter(all.get(0).key(), HighWaterMark.fullReplay(catchUp.upperXmin()))).isEqualTo(4);
            assertThat(hotStore.countAfter(all.get(0).key(), catchUp)).isEqualTo(2);
        }

        @Test
        @DisplayName("Issue 16: lag on an adopted table counts what committed after the mark, never the rows older than the column")
        void lagLeavesPreExistingRowsOut() {
            // given: two rows before adoption, then the mark, then three rows
            createTable();
            insert("a-1", 1, 0);
            insert("a-1", 2, 1);
            adopt();
            HighWaterMark mark = new JdbcHighWaterMarks(database.dataSource()).fullReplay();
            insert("a-1", 3, 2);
            insert("a-2", 1, 3);
            insert("a-2", 2, 4);

            // when / then
            assertThat(hotStore.countCommittedAfter(mark, EventFilter.ALL)).isEqualTo(3);
            assertThat(hotStore.countCommittedAfter(mark, new EventFilter(null, null, java.util.Set.of(),
                    java.util.Set.of("Deposited")))).isEqualTo(3);
            assertThat(hotStore.countCommittedAfter(mark, new EventFilter(null, null, java.util.Set.of(),
                    java.util.Set.of("Withdrawn")))).isZero();
            assertThat(hotStore.countCommittedAfter(new JdbcHighWaterMarks(database.dataSource()).fullReplay(),
                    EventFilter.ALL)).isZero();
        }

        @Test
        @DisplayName("Issue 17: archival's delete on an adopted table removes rows older than the commit-order column")
        void deleteOfAnArchivedRangeTakesPreExistingRows() {
            // given
            createTable();
            insert("a-1", 1, 0);
            insert("a-1", 2, 1);
            adopt();
            insert("a-1", 3, 2);
            HighWaterMark mark = new JdbcHighWaterMarks(database.dataSource()).fullReplay();
            List<Event> all = read(mark);

            // when
            Integer deleted = new TransactionTemplate(new DataSourceTransactionManager(database.dataSource()))
                    .execute(status -> hotStore.deleteArchived(all.get(0).key(), all.get(2).key(), mark));

            // then
            assertThat(deleted).isEqualTo(3);
            assertThat(hotStore.size().events()).isZero();
        }
    }

    @Nested
    class Mapping {

        @Test
        @DisplayName("Issue 17: a mapped table that was not adopted fails the check, saying to run adopt")
        void notAdoptedSaysToRunAdopt() {
            createTable();

            assertThatThrownBy(() -> new HotStoreSchema(database.dataSource(), table).check())
                    .isInstanceOf(HotStoreMappingException.class)
                    .hasMessageContaining("ledger.domain_events").hasMessageContaining("run 'replay adopt'");
        }

        @Test
        @DisplayName("Issue 17: a column of the wrong type fails naming the property, the column and its type")
        void wrongTypeNamesTheColumn() {
            createTable();
            HotStoreTable wrong = HotStoreTable.of("ledger.domain_events", mapping("seq"));

            assertThatThrownBy(() -> new HotStoreSchema(database.dataSource(), wrong).columnTypes())
                    .isInstanceOf(HotStoreMappingException.class)
                    .hasMessage("replay.hot.columns.event-id=seq: column seq of ledger.domain_events is integer;"
                            + " it must be uuid");
        }

        @Test
        @DisplayName("Issue 17: a second adoption has nothing to do")
        void secondAdoptionIsEmpty() {
            createTable();
            adopt();

            assertThat(new HotStoreAdoption(database.dataSource(), table).plan()).isEmpty();
            assertThat(new HotStoreSchema(database.dataSource(), table).adopted()).isTrue();
        }

        @Test
        @DisplayName("Issue 17: the append path writes a mapped table's own columns in their own types")
        void appendsIntoMappedColumns() {
            createTable();
            adopt();
            Event event = new Event(UUID.randomUUID(), "Account", "a-9", 1, "Deposited", "{\"amount\": 1.5}", T0);

            hotStore.appender().append(List.of(event));

            assertThat(read(new JdbcHighWaterMarks(database.dataSource()).fullReplay())).containsExactly(event);
            assertThat(jdbc.queryForObject("select tenant from ledger.domain_events", String.class)).isEqualTo("x");
        }
    }
}
