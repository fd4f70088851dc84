package dev.replay.readers;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the database says about a {@link HotStoreTable}: whether it exists, the type of each mapped
 * column, and whether a mapped table has been adopted (its commit-order column and replay-order
 * index are there). {@link #check()} is what every command that touches the hot store runs first.
 *
 * <p>Thread-safe; each call queries the catalog anew.
 */
public final class HotStoreSchema {

    private final JdbcTemplate jdbc;
    private final HotStoreTable table;

    public HotStoreSchema(DataSource dataSource, HotStoreTable table) {
        this.jdbc = new JdbcTemplate(Objects.requireNonNull(dataSource, "dataSource"));
        this.table = Objects.requireNonNull(table, "table");
    }

    /**
     * Checks the mapping and, for a mapped table, its adoption.
     *
     * @throws HotStoreMappingException naming the property, the column and its type, or saying to run {@code adopt}
     */
    public void check() {
        columnTypes();
        if (!table.isDefault() && !adopted()) {
            throw new HotStoreMappingException("Table " + table + " (replay.hot.table) has not been adopted: it lacks "
                    + missingAdoption() + "; run 'replay adopt' with the same replay.hot.* settings first");
        }
    }

    /**
     * The PostgreSQL type of each mapped column, without length or precision (e.g. {@code character varying}).
     *
     * @throws HotStoreMappingException when the table or a column is missing or a type is not supported
     */
    public Map<HotStoreColumn, String> columnTypes() {
        Map<String, String> actual = physicalColumns();
        Map<HotStoreColumn, String> types = new EnumMap<>(HotStoreColumn.class);
        table.columns().forEach((column, physical) -> {
            String type = actual.get(physical);
            if (type == null) {
                throw new HotStoreMappingException(column.property() + "=" + physical + ": table " + table
                        + " has no column " + physical);
            }
            if (!column.types().contains(type)) {
                throw new HotStoreMappingException(column.property() + "=" + physical + ": column " + physical + " of "
                        + table + " is " + type + "; it must be " + String.join(" or ", column.types()));
            }
            types.put(column, type);
        });
        return types;
    }

    /** Whether the commit-order column and the replay-order index are in place (always, on the default table). */
    public boolean adopted() {
        return missingAdoption() == null;
    }

    /** What adoption still lacks, in words, or null. */
    String missingAdoption() {
        if (table.isDefault()) {
            return null;
        }
        if (!physicalColumns().containsKey(table.commitOrderName())) {
            return "its commit-order column " + table.commitOrderName();
        }
        if (!Boolean.TRUE.equals(indexValid(table.replayOrderIndexName()))) {
            return "its replay-order index " + table.replayOrderIndexName();
        }
        return null;
    }

    /** Columns and types of the table, by name. */
    Map<String, String> physicalColumns() {
        Long oid = oid();
        if (oid == null) {
            throw new HotStoreMappingException("replay.hot.table=" + table + ": no such table in the database");
        }
        Map<String, String> columns = new HashMap<>();
        jdbc.query("select attname, format_type(atttypid, atttypmod) from pg_attribute"
                + " where attrelid = ?::oid and attnum > 0 and not attisdropped", row -> {
                    // varchar(40), timestamp(3) with time zone: the type is what matters, not its modifier
                    columns.put(row.getString(1), row.getString(2).replaceAll("\\(\\d+(,\\d+)?\\)", ""));
                }, oid);
        return columns;
    }

    /** Whether the index of that name on the table is valid; null when there is none. */
    Boolean indexValid(String index) {
        return jdbc.query("select i.indisvalid from pg_index i join pg_class c on c.oid = i.indexrelid"
                + " where i.indrelid = ?::oid and c.relname = ?", rows -> rows.next() ? rows.getBoolean(1) : null, oid(), index);
    }

    /** Whether the commit-order column has its default (rows appended from now on get one). */
    boolean commitOrderHasDefault() {
        return Boolean.TRUE.equals(jdbc.query("select a.atthasdef from pg_attribute a where a.attrelid = ?::oid and a.attname = ?",
                rows -> rows.next() && rows.getBoolean(1), oid(), table.commitOrderName()));
    }

    private Long oid() {
        return jdbc.queryForObject("select to_regclass(?)::oid::bigint", Long.class, table.sql());
    }
}
