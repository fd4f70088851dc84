package dev.replay.readers;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What {@code adopt} adds to a mapped hot store table so that replays can run on it, and nothing
 * else: the commit-order column {@code replay_tx_id xid8} for high-water marks, added without
 * rewriting the table (nullable, no default; then a default of {@code pg_current_xact_id()} for
 * rows appended from then on, so rows that existed before stay null and count as committed before
 * every mark), the replay-order index on (occurred-at, version, event-id), the commit-order index
 * that catch-ups read by and the bucket index that partitions read by ({@link PartitionBuckets};
 * a table adopted before it existed gets it from a second adoption), all built
 * {@code concurrently} (appends go on meanwhile). An
 * index that a failed concurrent build left invalid is dropped and built again.
 *
 * <p>{@link #plan()} lists the statements still needed, so a second adoption has none. Each
 * statement runs on its own in autocommit ({@code create index concurrently} cannot run in a
 * transaction). Thread-safe, but two adoptions of one table at once would race.
 */
public final class HotStoreAdoption {

    private final DataSource dataSource;
    private final HotStoreTable table;

    public HotStoreAdoption(DataSource dataSource, HotStoreTable table) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.table = Objects.requireNonNull(table, "table");
    }

    /**
     * The statements adoption still needs, in order; empty when the table is adopted (or is the default).
     *
     * @throws HotStoreMappingException when the table or a mapped column is missing or of a wrong type
     */
    public List<String> plan() {
        if (table.isDefault()) {
            return List.of();
        }
        HotStoreSchema schema = new HotStoreSchema(dataSource, table);
        schema.columnTypes();
        List<String> statements = new ArrayList<>();
        String commitOrder = table.commitOrder();
        if (!schema.physicalColumns().containsKey(table.commitOrderName())) {
            statements.add("alter table " + table.sql() + " add column " + commitOrder + " xid8");
            statements.add(setDefault());
        } else if (!schema.commitOrderHasDefault()) {
            statements.add(setDefault());
        }
        index(schema, statements, table.replayOrderIndexName(), table.replayOrder());
        index(schema, statements, table.commitOrderIndexName(), commitOrder);
        index(schema, statements, table.partitionBucketIndexName(), PartitionBuckets.indexColumns(table));
        return statements;
    }

    private String setDefault() {
        return "alter table " + table.sql() + " alter column " + table.commitOrder() + " set default pg_current_xact_id()";
    }

    private void index(HotStoreSchema schema, List<String> statements, String name, String columns) {
        Boolean valid = schema.indexValid(name);
        if (Boolean.TRUE.equals(valid)) {
            return;
        }
        String qualified = table.schema() == null ? HotStoreTable.quote(name)
                : HotStoreTable.quote(table.schema()) + "." + HotStoreTable.quote(name);
        if (valid != null) { // left invalid by a concurrent build that failed
            statements.add("drop index concurrently " + qualified);
        }
        statements.add("create index concurrently " + HotStoreTable.quote(name) + " on " + table.sql() + " (" + columns + ")");
    }

    /** Runs {@code statements} one by one in autocommit, telling {@code before} each one first. */
    public void apply(List<String> statements, Consumer<String> before) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        for (String statement : statements) {
            before.accept(statement);
            jdbc.execute(statement);
        }
    }
}
