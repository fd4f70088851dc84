package dev.replay.jobs.history;

import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/** Writes Spring Batch metadata rows as a job repository would leave them, for the history readers' tests. */
final class BatchMetadataRows {

    private final JdbcTemplate jdbc;
    private final AtomicLong ids = new AtomicLong();

    BatchMetadataRows(DataSource dataSource) {
        new ResourceDatabasePopulator(new ClassPathResource("org/springframework/batch/core/schema-postgresql.sql"))
                .execute(dataSource);
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** A new job instance of {@code job}. */
    long instance(String job) {
        long id = ids.incrementAndGet();
        jdbc.update("insert into batch_job_instance (job_instance_id, version, job_name, job_key) values (?, 0, ?, ?)",
                id, job, "key-" + id);
        return id;
    }

    /** An execution of the instance with this status and job parameters (name, value, name, value, ...). */
    long execution(long instance, String status, String... parameters) {
        long id = ids.incrementAndGet();
        jdbc.update("insert into batch_job_execution (job_execution_id, version, job_instance_id, create_time, start_time,"
                + " status, exit_code) values (?, 0, ?, now(), now(), ?, ?)", id, instance, status, status);
        for (int i = 0; i < parameters.length; i += 2) {
            jdbc.update("insert into batch_job_execution_params (job_execution_id, parameter_name, parameter_type,"
                    + " parameter_value, identifying) values (?, ?, 'java.lang.String', ?, 'Y')", id, parameters[i],
                    parameters[i + 1]);
        }
        return id;
    }

    /** A step execution of the execution that read {@code reads} events. */
    void step(long execution, String name, long reads) {
        jdbc.update("insert into batch_step_execution (step_execution_id, version, step_name, job_execution_id,"
                + " create_time, status, read_count, write_count, read_skip_count, write_skip_count, process_skip_count)"
                + " values (?, 0, ?, ?, now(), 'COMPLETED', ?, ?, 0, 0, 0)", ids.incrementAndGet(), name, execution,
                reads, reads);
    }
}
