package dev.replay.readers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.readers.testing.TestDatabase;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link HotStore#deleteArchived} and {@link HotStore#analyzeIfStale} on a freshly loaded table that
 * PostgreSQL has no statistics of (autovacuum off for it, so none arrive during the test), as an
 * archive run finds the hot store right after a bulk load.
 */
class HotStoreArchivedDeleteIT {

    private static final int DAYS = 20;
    private static final int PER_DAY = 2_500;

    private final TestDatabase database = TestDatabase.create();
    private final JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
    private final HotStore hotStore = HotStore.of(database.dataSource());
    private final TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(database.dataSource()));

    @BeforeEach
    void load() {
        jdbc.execute("alter table events set (autovacuum_enabled = false)");
        // 50,000 events, 2,500 per UTC day from 2026-01-01, appended in replay order like a bulk load
        inOneSession("insert into events (event_id, aggregate_type, aggregate_id, version, event_type, event_data, occurred_at)"
                + " select gen_random_uuid(), 'Account', 'acct-' || (i % 5000), i / 5000 + 1, 'Deposited', '{}'::jsonb,"
                + " timestamptz '2026-01-01 00:00:00+00' + (i * interval '1 day' / " + PER_DAY + ")"
                + " from generate_series(0, " + (DAYS * PER_DAY - 1) + ") i");
    }

    /** Runs {@code sql}, then flushes the session's table statistics, which PostgreSQL may otherwise delay by seconds. */
    private void inOneSession(String sql) {
        jdbc.execute((java.sql.Connection connection) -> {
            try (java.sql.Statement statement = connection.createStatement()) {
                statement.execute(sql);
                statement.execute("select pg_stat_force_next_flush()");
                return null;
            }
        });
    }

    @AfterEach
    void close() {
        database.close();
    }

    private EventKey key(String order) {
        return jdbc.queryForObject("select occurred_at, version, event_id from events where occurred_at >= ? and occurred_at < ?"
                + " order by occurred_at " + order + ", version " + order + ", event_id " + order + " limit 1",
                (row, n) -> new EventKey(row.getObject(1, OffsetDateTime.class).toInstant(), row.getLong(2),
                        row.getObject(3, UUID.class)), day(3), day(4));
    }

    private static OffsetDateTime day(int n) {
        return Instant.parse("2026-01-01T00:00:00Z").plusSeconds(86_400L * n).atOffset(ZoneOffset.UTC);
    }

    private long reltuples() {
        return jdbc.queryForObject("select reltuples::bigint from pg_class where oid = 'events'::regclass", Long.class);
    }

    @Test
    @DisplayName("Issue 15: a segment's delete is one range scan of the replay-order index, also on a table never analysed")
    void deleteScansTheReplayOrderRangeOnly() {
        // given: one day's range, the mark above every row; PostgreSQL has no statistics of the table
        EventKey first = key("asc");
        EventKey last = key("desc");
        HighWaterMark mark = new JdbcHighWaterMarks(database.dataSource()).fullReplay();
        assertThat(reltuples()).isEqualTo(-1);
        long inRange = jdbc.queryForObject("select count(*) from events where occurred_at >= ? and occurred_at < ?",
                Long.class, day(3), day(4));

        // when
        List<String> plan = transaction.execute(status -> hotStore.explainDeleteArchived(first, last, mark));
        Integer deleted = transaction.execute(status -> hotStore.deleteArchived(first, last, mark));

        // then: not a bitmap AND with the commit-order index, which reads every row below the mark
        String text = String.join("\n", plan);
        assertThat(text).as(text).contains("Index Scan using events_replay_order_ix")
                .doesNotContain("events_tx_id_ix").doesNotContain("Bitmap").doesNotContain("Seq Scan");
        assertThat(deleted).isEqualTo((int) inRange).isEqualTo(PER_DAY);
        assertThat(jdbc.queryForObject("select count(*) from events", Long.class)).isEqualTo((long) (DAYS - 1) * PER_DAY);
    }

    @Test
    @DisplayName("Issue 15: a table without statistics is analysed once, then not again until a tenth of it changed")
    void analysesAFreshTableOnce() {
        // when
        boolean first = hotStore.analyzeIfStale();
        boolean second = hotStore.analyzeIfStale();

        // then
        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(reltuples()).isEqualTo((long) DAYS * PER_DAY);
        assertThat(hotStore.estimate()).hasValue((long) DAYS * PER_DAY);

        // when: more than a tenth of the table and 50 rows deleted (2 days and 30 minutes), as an archive cut does
        inOneSession("delete from events where occurred_at < timestamptz '2026-01-03 00:00:00+00' + interval '30 minutes'");
        long left = jdbc.queryForObject("select count(*) from events", Long.class);

        // then
        assertThat(hotStore.analyzeIfStale()).isTrue();
        assertThat(reltuples()).isEqualTo(left);
    }
}
