package dev.replay.readers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * Which table is the hot store and what its columns are called: the default {@code events} table
 * that the platform creates, or a table of the user's own ({@code replay.hot.table}, e.g.
 * {@code ledger.domain_events}) with its columns mapped ({@link HotStoreColumn}).
 *
 * <p>Every identifier of the hot store that goes into SQL is quoted here, once ({@link #quote}),
 * so a mapped name with upper case, a quote or a dot is the name of one column, never more SQL.
 *
 * <p>Commit order: the default table's {@code tx_id} is {@code not null}; an adopted table's
 * {@code replay_tx_id} was added without a rewrite, so rows that existed before it are null and
 * count as committed before every high-water mark. The predicates here say so: a full replay's
 * bound takes nulls in, a catch-up's leaves them out. The default table's predicates are the ones
 * it always had, so its plans do not change.
 *
 * <p>Immutable and thread-safe.
 */
public final class HotStoreTable {

    /** The name of the table the platform creates when none is mapped. */
    public static final String DEFAULT_NAME = "events";
    /**
     * The Flyway location of the default table's migrations, apart from the platform's other tables'
     * ({@code classpath:db/migration}): used only when no table is mapped, so the platform never creates
     * an {@code events} table beside a mapped one.
     */
    public static final String MIGRATIONS = "classpath:db/hotstore";
    /** The commit-order column of the default table. */
    public static final String DEFAULT_COMMIT_ORDER = "tx_id";
    /** The commit-order column {@code adopt} adds to a mapped table. */
    public static final String ADOPTED_COMMIT_ORDER = "replay_tx_id";

    /** The default {@code events} table, with the platform's column names. */
    public static final HotStoreTable DEFAULT = new HotStoreTable(null, DEFAULT_NAME, defaultColumns());

    private final String schema;
    private final String name;
    private final Map<HotStoreColumn, String> columns;

    private HotStoreTable(String schema, String name, Map<HotStoreColumn, String> columns) {
        this.schema = schema;
        this.name = name;
        this.columns = Collections.unmodifiableMap(new EnumMap<>(columns));
    }

    /**
     * A table by its configured name ({@code table} or {@code schema.table}) and the physical names
     * of its columns; a required column left out keeps the platform's name, an optional one left out
     * (or blank) is unmapped. {@code events} with no columns given is {@link #DEFAULT}.
     *
     * @throws IllegalArgumentException naming the property when a name is blank or the default table is
     *                                  given other column names
     */
    public static HotStoreTable of(String table, Map<HotStoreColumn, String> columns) {
        if (table == null || table.isBlank()) {
            throw new IllegalArgumentException("replay.hot.table must name a table, was '" + table + "'");
        }
        String trimmed = table.strip();
        int dot = trimmed.indexOf('.');
        String schema = dot < 0 ? null : trimmed.substring(0, dot);
        String name = dot < 0 ? trimmed : trimmed.substring(dot + 1);
        if (name.isEmpty() || schema != null && schema.isEmpty()) {
            throw new IllegalArgumentException("replay.hot.table must be <table> or <schema>.<table>, was '" + table + "'");
        }
        Map<HotStoreColumn, String> physical = new EnumMap<>(HotStoreColumn.class);
        for (HotStoreColumn column : HotStoreColumn.values()) {
            String given = columns.get(column);
            if (given != null && !given.isBlank()) {
                physical.put(column, given.strip());
            } else if (!column.optional()) {
                physical.put(column, column.platformName());
            }
        }
        if (schema == null && name.equals(DEFAULT_NAME)) {
            boolean platformNames = physical.entrySet().stream().allMatch(e -> e.getValue().equals(e.getKey().platformName()));
            if (!platformNames) {
                throw new IllegalArgumentException("replay.hot.columns.* map the columns of a table of your own"
                        + " (replay.hot.table); the platform's " + DEFAULT_NAME + " table has its own names");
            }
            return DEFAULT;
        }
        return new HotStoreTable(schema, name, physical);
    }

    private static Map<HotStoreColumn, String> defaultColumns() {
        Map<HotStoreColumn, String> columns = new EnumMap<>(HotStoreColumn.class);
        for (HotStoreColumn column : HotStoreColumn.values()) {
            columns.put(column, column.platformName());
        }
        return columns;
    }

    /** The identifier quoted for PostgreSQL, embedded double quotes doubled: {@code a"b} as {@code "a""b"}. */
    public static String quote(String identifier) {
        if (identifier == null || identifier.isEmpty() || identifier.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("SQL identifier must be non-empty text without NUL, was '" + identifier + "'");
        }
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /**
     * An identifier of this table in SQL: quoted on a mapped table; the default table's names are the
     * platform's own plain lower-case ones, left as its statements always had them.
     */
    private String identifier(String name) {
        return isDefault() ? name : quote(name);
    }

    /** Whether this is the platform's own {@code events} table (created by its migrations). */
    public boolean isDefault() {
        return this == DEFAULT;
    }

    /** The table's schema as configured, or null for the search path's. */
    public String schema() {
        return schema;
    }

    /** The table's name without its schema. */
    public String name() {
        return name;
    }

    /** The table as configured, e.g. {@code ledger.domain_events}. */
    @Override
    public String toString() {
        return schema == null ? name : schema + "." + name;
    }

    /** The table in SQL, quoted (and qualified when a schema is given). */
    public String sql() {
        return schema == null ? identifier(name) : identifier(schema) + "." + identifier(name);
    }

    /** Whether the column is mapped (the required ones always are). */
    public boolean has(HotStoreColumn column) {
        return columns.containsKey(column);
    }

    /** The column's physical name, or null when an optional column is unmapped. */
    public String physical(HotStoreColumn column) {
        return columns.get(column);
    }

    /** The column in SQL, quoted. */
    public String sql(HotStoreColumn column) {
        String physical = columns.get(column);
        if (physical == null) {
            throw new IllegalStateException(column.property() + " is not mapped on " + this);
        }
        return identifier(physical);
    }

    /** The mapped columns and their physical names. */
    public Map<HotStoreColumn, String> columns() {
        return columns;
    }

    /** The commit-order column's name: {@code tx_id} or, on an adopted table, {@code replay_tx_id}. */
    public String commitOrderName() {
        return isDefault() ? DEFAULT_COMMIT_ORDER : ADOPTED_COMMIT_ORDER;
    }

    /** The commit-order column in SQL. */
    String commitOrder() {
        return identifier(commitOrderName());
    }

    /** The name of the replay-order index on (occurred-at, version, event-id). */
    public String replayOrderIndexName() {
        return indexName("replay_order_ix");
    }

    /** The name of the index of partitioned reads: {@link PartitionBuckets}' bucket, then the replay order. */
    public String partitionBucketIndexName() {
        return indexName("replay_bucket_ix");
    }

    /** The name of the commit-order index, which catch-ups read by. */
    public String commitOrderIndexName() {
        return isDefault() ? "events_tx_id_ix" : indexName("replay_tx_id_ix");
    }

    private String indexName(String suffix) {
        String full = name + "_" + suffix;
        // PostgreSQL cuts identifiers at 63 bytes; cut the table's part, so the suffix stays readable
        return full.length() <= 63 ? full : name.substring(0, 62 - suffix.length()) + "_" + suffix;
    }

    /** The replay order in SQL: {@code occurred_at, version, event_id} by their mapped names. */
    String replayOrder() {
        return sql(HotStoreColumn.OCCURRED_AT) + ", " + sql(HotStoreColumn.VERSION) + ", " + sql(HotStoreColumn.EVENT_ID);
    }

    /**
     * Rows committed below the mark's upper bound: binds the upper bound. On an adopted table a null
     * commit order (a row older than the column) is below every mark.
     */
    String belowMark() {
        String c = commitOrder();
        return isDefault() ? c + " < ?::text::xid8" : "(" + c + " < ?::text::xid8 or " + c + " is null)";
    }

    /** Rows committed at or above a catch-up's lower bound: binds the lower bound; excludes nulls. */
    String atOrAboveLower() {
        return commitOrder() + " >= ?::text::xid8";
    }

    /**
     * Rows committed within {@code mark}: {@code [lower, upper)}, nulls in when it is no catch-up
     * (lower bound 0), with its arguments.
     */
    Predicate withinMark(HighWaterMark mark) {
        String c = commitOrder();
        if (isDefault() || mark.isCatchUp()) { // the default table's statement as it always was
            return new Predicate(c + " >= ?::text::xid8 and " + c + " < ?::text::xid8",
                    List.of(Long.toString(mark.lowerXmin()), Long.toString(mark.upperXmin())));
        }
        return new Predicate(belowMark(), List.of(Long.toString(mark.upperXmin())));
    }

    /**
     * The hot store under the platform's column names, as a relation with {@code alias} for a FROM
     * clause: the table itself when it has them, else a subquery, which PostgreSQL flattens into
     * the outer query (same plans, same indexes). Unmapped optional columns read as null metadata
     * and schema version 1.
     */
    public String platformRelation(String alias) {
        if (isDefault()) {
            return sql() + " " + alias;
        }
        StringJoiner select = new StringJoiner(", ", "(select ", " from " + sql() + ") " + alias);
        for (HotStoreColumn column : HotStoreColumn.values()) {
            select.add(selectAs(column));
        }
        return select.toString();
    }

    private String selectAs(HotStoreColumn column) {
        if (has(column)) {
            return sql(column) + " as " + column.platformName();
        }
        return (column == HotStoreColumn.METADATA ? "null::jsonb" : "1") + " as " + column.platformName();
    }

    /** The physical columns of the mapping, quoted, in {@link HotStoreColumn} order. */
    List<String> mappedColumnsSql() {
        List<String> sql = new ArrayList<>();
        columns.keySet().forEach(column -> sql.add(sql(column)));
        return sql;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HotStoreTable that && Objects.equals(schema, that.schema) && name.equals(that.name)
                && columns.equals(that.columns);
    }

    @Override
    public int hashCode() {
        return Objects.hash(schema, name, columns);
    }

    /** A piece of a WHERE clause and the arguments it binds, in order. */
    record Predicate(String sql, List<Object> args) {
    }
}
