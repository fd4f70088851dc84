package dev.replay.readers;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every statement against the hot store, over its {@link HotStoreTable} (the default {@code events}
 * table or a mapped one): counts within a high-water mark, the row estimate, the delete of an
 * archived key range, statistics, the SQL text the benchmark's contenders read with, and the
 * append path ({@link #appender}). The page query of replays is {@link JdbcEventReader}'s
 * ({@code EventPageQuery}), over the same table. No other module writes SQL against the hot store.
 *
 * <p>Statements run through a {@link JdbcTemplate} on {@link #dataSource()}: inside a Spring-managed
 * transaction on that DataSource they join it, otherwise each borrows its own connection. Use
 * {@link #on} for the same table on another DataSource (a read replica, or a caller's single connection).
 *
 * <p>Immutable and thread-safe.
 */
public final class HotStore {

    private final DataSource dataSource;
    private final HotStoreTable table;
    private final JdbcTemplate jdbc;

    public HotStore(DataSource dataSource, HotStoreTable table) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.table = Objects.requireNonNull(table, "table");
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** The default {@code events} table on {@code dataSource}. */
    public static HotStore of(DataSource dataSource) {
        return new HotStore(dataSource, HotStoreTable.DEFAULT);
    }

    /** The same table read through {@code other}. */
    public HotStore on(DataSource other) {
        return other == dataSource ? this : new HotStore(other, table);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public HotStoreTable table() {
        return table;
    }

    /**
     * The events committed within {@code mark} that pass {@code filter}: a full replay's, a catch-up's,
     * an export's, an archive run's or what an archive run holds back, exactly.
     */
    public long count(HighWaterMark mark, EventFilter filter) {
        HotStoreTable.Predicate within = table.withinMark(mark);
        String sql = "select count(*) from " + table.sql() + " where " + within.sql() + HotStoreFilterSql.of(table, filter);
        return queryCount(sql, statement -> {
            int i = bindAll(statement, 0, within.args());
            HotStoreFilterSql.bind(statement, i, filter);
        });
    }

    /** The events committed within {@code mark} strictly after {@code key} in replay order. */
    public long countAfter(EventKey key, HighWaterMark mark) {
        HotStoreTable.Predicate within = table.withinMark(mark);
        String sql = "select count(*) from " + table.sql() + " where " + within.sql()
                + " and (" + table.replayOrder() + ") > (?, ?, ?)";
        return queryCount(sql, statement -> {
            int i = bindAll(statement, 0, within.args());
            statement.setObject(++i, HotStoreFilterSql.utc(key.occurredAt()));
            statement.setLong(++i, key.version());
            statement.setObject(++i, key.eventId());
        });
    }

    /**
     * The events committed after {@code mark} (at or above its upper bound, up to now) that pass
     * {@code filter}: what a projection whose live build stopped at {@code mark} has not applied yet,
     * its lag. Counted through the commit-order index, like a catch-up reads them, so the cost grows
     * with the lag, not with the table; on an adopted table rows older than the commit-order column
     * (null) are before every mark and never count.
     */
    public long countCommittedAfter(HighWaterMark mark, EventFilter filter) {
        return queryCount(countCommittedAfterSql(filter), statement -> {
            statement.setString(1, Long.toString(mark.upperXmin()));
            HotStoreFilterSql.bind(statement, 1, filter);
        });
    }

    /** The statement of {@link #countCommittedAfter}, for its plan. */
    String countCommittedAfterSql(EventFilter filter) {
        return "select count(*) from " + table.sql() + " where " + table.atOrAboveLower() + HotStoreFilterSql.of(table, filter);
    }

    /**
     * PostgreSQL's row estimate of the table (no scan), or empty when the table was never analysed.
     */
    public OptionalLong estimate() {
        Long estimate = jdbc.queryForObject("select reltuples::bigint from pg_class where oid = ?::regclass", Long.class,
                table.sql());
        return estimate != null && estimate >= 0 ? OptionalLong.of(estimate) : OptionalLong.empty();
    }

    /**
     * The first {@code limit} events, by aggregate and version, that occurred before {@code before}
     * and committed below {@code mark}'s upper bound, with {@code occurred_at} as PostgreSQL prints it
     * ({@code -infinity} included).
     */
    public List<StoredEvent> eventsBefore(Instant before, HighWaterMark mark, int limit) {
        String sql = "select " + table.sql(HotStoreColumn.EVENT_ID) + ", " + table.sql(HotStoreColumn.AGGREGATE_TYPE)
                + ", " + table.sql(HotStoreColumn.AGGREGATE_ID) + ", " + table.sql(HotStoreColumn.VERSION) + ", "
                + table.sql(HotStoreColumn.OCCURRED_AT) + "::text from " + table.sql() + " where "
                + table.sql(HotStoreColumn.OCCURRED_AT) + " < ? and " + table.belowMark() + " order by "
                + table.sql(HotStoreColumn.AGGREGATE_TYPE) + ", " + table.sql(HotStoreColumn.AGGREGATE_ID) + ", "
                + table.sql(HotStoreColumn.VERSION) + " limit " + limit;
        return jdbc.query(sql, (row, n) -> new StoredEvent(row.getString(1), row.getString(2), row.getString(3),
                row.getLong(4), row.getString(5)), HotStoreFilterSql.utc(before), Long.toString(mark.upperXmin()));
    }

    /**
     * Deletes the events from {@code first} to {@code last} (inclusive, in replay order) committed within
     * {@code mark}; returns how many. Call it inside the caller's transaction on this DataSource (the
     * primary): the plan settings it makes are {@code set local}, and the delete commits or rolls back
     * with the caller's catalog row.
     *
     * <p>One range scan of the replay-order index, the mark checked on each row it finds: without
     * bitmap scans the planner cannot AND that range with the commit-order index, whose range (every row
     * below the mark) it cannot estimate on a table without statistics and would read whole, for each
     * segment (issue 15: 0.2 to 0.4 s per segment on a freshly loaded table of 5M events).
     */
    public int deleteArchived(EventKey first, EventKey last, HighWaterMark mark) {
        planDeleteByReplayOrder();
        HotStoreTable.Predicate within = table.withinMark(mark);
        return jdbc.update(deleteArchivedSql(within), deleteArchivedArgs(first, last, within).toArray());
    }

    /** The plan of {@link #deleteArchived}, with its settings; like it, inside the caller's transaction (tests). */
    List<String> explainDeleteArchived(EventKey first, EventKey last, HighWaterMark mark) {
        planDeleteByReplayOrder();
        HotStoreTable.Predicate within = table.withinMark(mark);
        return jdbc.queryForList("explain " + deleteArchivedSql(within), String.class,
                deleteArchivedArgs(first, last, within).toArray());
    }

    private void planDeleteByReplayOrder() {
        // plan with the values: a generic plan, or an estimate from the row comparison alone, reads the
        // whole table; the plain occurred_at bounds give the planner the selectivity of one day
        jdbc.execute("set local plan_cache_mode = force_custom_plan");
        // one index range scan, never a bitmap AND with the commit-order index (see deleteArchived)
        jdbc.execute("set local enable_bitmapscan = off");
    }

    private String deleteArchivedSql(HotStoreTable.Predicate within) {
        String occurredAt = table.sql(HotStoreColumn.OCCURRED_AT);
        return "delete from " + table.sql() + " where " + occurredAt + " >= ? and " + occurredAt + " <= ?"
                + " and (" + table.replayOrder() + ") >= (?, ?, ?) and (" + table.replayOrder() + ") <= (?, ?, ?)"
                + " and " + within.sql();
    }

    private List<Object> deleteArchivedArgs(EventKey first, EventKey last, HotStoreTable.Predicate within) {
        List<Object> args = new ArrayList<>(List.of(HotStoreFilterSql.utc(first.occurredAt()),
                HotStoreFilterSql.utc(last.occurredAt()), HotStoreFilterSql.utc(first.occurredAt()), first.version(),
                first.eventId(), HotStoreFilterSql.utc(last.occurredAt()), last.version(), last.eventId()));
        args.addAll(within.args());
        return args;
    }

    /**
     * Analyses the table when PostgreSQL's statistics of it are as stale as autovacuum's own threshold
     * for an analyse (more than 50 rows plus a tenth of the table changed since the last one), or
     * missing (never analysed nor vacuumed), as right after a bulk load before autovacuum came round.
     * Without them the planner guesses each range's rows, and the archive's statements read whole
     * indexes (issue 15: the
     * prepare step's and the first pages' queries took 20 s and 5 to 12 s each on 5M fresh events;
     * an analyse samples 30,000 rows, about half a second). A table the user does not own is left as
     * it is (PostgreSQL warns and skips it). Returns whether it analysed.
     */
    public boolean analyzeIfStale() {
        // reltuples -1: never analysed nor vacuumed, even if the load's row counts have not reached the view yet
        Boolean stale = jdbc.queryForObject("select c.reltuples < 0"
                + " or coalesce(s.n_mod_since_analyze, 0) > 50 + 0.1 * c.reltuples"
                + " from pg_class c left join pg_stat_all_tables s on s.relid = c.oid where c.oid = ?::regclass",
                Boolean.class, table.sql());
        if (Boolean.TRUE.equals(stale)) {
            jdbc.execute("analyze " + table.sql());
            return true;
        }
        return false;
    }

    /** Events and bytes (table and indexes) of the hot store; counts every row. */
    public Size size() {
        return jdbc.queryForObject("select count(*), pg_total_relation_size(?::regclass) from " + table.sql(),
                (row, n) -> new Size(row.getLong(1), row.getLong(2)), table.sql());
    }

    /** What the hot store holds, by two aggregate queries; cost grows with the table, use it for reports. */
    public HotStoreSummary summary() {
        Map<String, Long> byType = new TreeMap<>();
        String eventType = table.sql(HotStoreColumn.EVENT_TYPE);
        jdbc.query("select " + eventType + ", count(*) from " + table.sql() + " group by " + eventType, row -> {
            byType.put(row.getString(1), row.getLong(2));
        });
        String occurredAt = table.sql(HotStoreColumn.OCCURRED_AT);
        return jdbc.queryForObject("select count(*), count(distinct (" + table.sql(HotStoreColumn.AGGREGATE_TYPE) + ", "
                + table.sql(HotStoreColumn.AGGREGATE_ID) + ")), min(" + occurredAt + "), max(" + occurredAt + "),"
                + " pg_total_relation_size(?::regclass) from " + table.sql(), (row, n) -> new HotStoreSummary(
                row.getLong(1), row.getLong(2), row.getTimestamp(3) == null ? null : row.getTimestamp(3).toInstant(),
                row.getTimestamp(4) == null ? null : row.getTimestamp(4).toInstant(), byType, row.getLong(5)),
                table.sql());
    }

    /** Events per UTC day of their occurred-at. */
    public Map<LocalDate, Long> eventsPerUtcDay() {
        Map<LocalDate, Long> days = new TreeMap<>();
        jdbc.query("select (" + table.sql(HotStoreColumn.OCCURRED_AT) + " at time zone 'UTC')::date, count(*) from "
                + table.sql() + " group by 1", row -> {
                    days.put(row.getObject(1, LocalDate.class), row.getLong(2));
                });
        return days;
    }

    /**
     * The hot store under the platform's column names ({@code event_id}, {@code aggregate_type}, ...,
     * {@code metadata}, {@code schema_version}) as a FROM-clause relation named {@code alias}; for
     * queries that join it (verify) and for the benchmark's contenders.
     */
    public String platformRelation(String alias) {
        return table.platformRelation(alias);
    }

    /** Every event's seven contract columns in replay order, for {@code COPY (...) TO STDOUT}. */
    public String replayOrderSelect() {
        return "SELECT event_id, aggregate_type, aggregate_id, version, event_type, event_data, occurred_at FROM "
                + platformRelation("hot") + " ORDER BY occurred_at, version, event_id";
    }

    /** Vacuums and analyses the table (outside a transaction). */
    public void vacuumAnalyze() {
        jdbc.execute("vacuum (analyze) " + table.sql());
    }

    /** The append path of this table: binary COPY into its mapped columns. */
    public JdbcEventAppender appender() {
        return new JdbcEventAppender(this);
    }

    private long queryCount(String sql, Binder binder) {
        Long count = jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement(sql);
            binder.bind(statement);
            return statement;
        }, rows -> rows.next() ? rows.getLong(1) : 0L);
        return count == null ? 0 : count;
    }

    private static int bindAll(PreparedStatement statement, int i, List<Object> args) throws SQLException {
        for (Object arg : args) {
            statement.setObject(++i, arg);
        }
        return i;
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    /** Rows and bytes (table and indexes). */
    public record Size(long events, long bytes) {
    }

    /** An event named by its key columns, its occurred-at as PostgreSQL prints it. */
    public record StoredEvent(String eventId, String aggregateType, String aggregateId, long version, String occurredAt) {
    }
}
