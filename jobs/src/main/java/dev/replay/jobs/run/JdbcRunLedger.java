package dev.replay.jobs.run;

import java.util.Collections;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The run ledger of one job family: one row per job instance in the family's run table
 * ({@code rebuild_run}, {@code archive_run}, {@code export_run}), written once by the prepare step
 * and read by the steps after it. Joins the caller's transaction on the same DataSource, so a
 * prepare step's row commits with whatever else that step did. Thread-safe.
 *
 * @param <R> the family's run type
 */
public class JdbcRunLedger<R extends Run> {

    private final RunTable<R> table;
    private final JdbcTemplate jdbc;
    private final String select;
    private final String insert;

    public JdbcRunLedger(DataSource dataSource, RunTable<R> table) {
        this.table = table;
        this.jdbc = new JdbcTemplate(dataSource);
        String columns = String.join(", ", table.columns());
        this.select = "select " + columns + " from " + table.table() + " where job_instance_id = ?";
        this.insert = "insert into " + table.table() + " (" + columns + ") values ("
                + String.join(", ", Collections.nCopies(table.columns().size(), "?")) + ")";
    }

    /** The run of a job instance, empty when its prepare step has not committed. */
    public Optional<R> find(long jobInstanceId) {
        return jdbc.query(select, table.mapper(), jobInstanceId).stream().findFirst();
    }

    /**
     * The run of a job instance whose prepare step committed.
     *
     * @throws IllegalStateException naming the instance and the table when there is no row
     */
    public R get(long jobInstanceId) {
        return find(jobInstanceId).orElseThrow(() -> new IllegalStateException(table.kind() + " job instance "
                + jobInstanceId + " has no " + table.table() + " row; its prepare step did not commit"));
    }

    /** Records a run; a second row for the same instance violates the table's primary key. */
    public void insert(R run) {
        jdbc.update(insert, table.values().apply(run));
    }
}
