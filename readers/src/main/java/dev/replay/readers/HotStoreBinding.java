package dev.replay.readers;

import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Binds this database's platform tables (archive catalog, read-model builds and their marks, runs,
 * dead letters) to one hot-store table, and refuses another: the catalog's segments and the marks
 * belong to the events of the table they were made from, so a second {@code replay.hot.table}
 * against the same tables would merge the first table's archived events into its replays. The first
 * command that starts on a table records it ({@code hot_store_binding}); later ones compare.
 * Thread-safe.
 */
public final class HotStoreBinding {

    private final JdbcTemplate jdbc;
    private final HotStoreTable table;

    public HotStoreBinding(DataSource dataSource, HotStoreTable table) {
        this.jdbc = new JdbcTemplate(Objects.requireNonNull(dataSource, "dataSource"));
        this.table = Objects.requireNonNull(table, "table");
    }

    /**
     * Binds the platform's tables to the configured table if they are bound to none, else checks that
     * they are bound to it. A table that does not exist is left to {@link HotStoreSchema#check()}.
     *
     * @throws HotStoreMappingException naming both tables when the platform's tables belong to another
     */
    public void bindOrCheck() {
        List<String> resolved = jdbc.queryForList("select n.nspname || '.' || c.relname from pg_class c"
                + " join pg_namespace n on n.oid = c.relnamespace where c.oid = to_regclass(?)", String.class, table.sql());
        if (resolved.isEmpty()) {
            return;
        }
        String configured = resolved.get(0);
        jdbc.update("insert into hot_store_binding (hot_table) values (?) on conflict (singleton) do nothing", configured);
        jdbc.query("select hot_table, bound_at from hot_store_binding", rs -> {
            String bound = rs.getString(1);
            if (!bound.equals(configured)) {
                throw new HotStoreMappingException("replay.hot.table=" + table + ": this database's archive catalog,"
                        + " read-model builds and runs belong to the hot-store table " + bound + " (since "
                        + rs.getTimestamp(2).toInstant() + "); replaying " + configured + " against them would mix the"
                        + " two tables' events. Give " + configured + " a database or schema of its own (e.g."
                        + " ?currentSchema=<schema> in spring.datasource.url), or, once nothing of " + bound
                        + " is kept there any more, 'delete from hot_store_binding'");
            }
        });
    }
}
