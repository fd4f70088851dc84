package dev.replay.jobs.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replay.readers.testing.TestDatabase;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.configuration.support.MapJobRegistry;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.launch.support.JobOperatorFactoryBean;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.JdbcJobRepositoryFactoryBean;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * The run lifecycle's launch sequence on a real job repository in PostgreSQL: lock, resume the
 * unfinished execution, start a fresh one.
 */
class RunLauncherIT {

    private static final String JOB = "lifecycle-test";
    private static final String LAST = """
            select e.job_execution_id from batch_job_execution e
              join batch_job_instance i on i.job_instance_id = e.job_instance_id
             where i.job_name = ?
             order by e.job_execution_id desc limit 1
            """;

    private final TestDatabase database = TestDatabase.create();
    private final DataSource dataSource = database.dataSource();
    private final AtomicInteger failures = new AtomicInteger();
    private final RunScope scope = new RunScope("replay:test:launch", "Test [lifecycle]", Optional::empty,
            RunScope.Tier.READ);
    private RunLauncher launcher;

    @BeforeEach
    void jobRepository() throws Exception {
        new ResourceDatabasePopulator(new ClassPathResource("org/springframework/batch/core/schema-postgresql.sql"))
                .execute(dataSource);
        JdbcTransactionManager transactions = new JdbcTransactionManager(dataSource);
        JdbcJobRepositoryFactoryBean repositoryFactory = new JdbcJobRepositoryFactoryBean();
        repositoryFactory.setDataSource(dataSource);
        repositoryFactory.setTransactionManager(transactions);
        repositoryFactory.afterPropertiesSet();
        JobRepository repository = repositoryFactory.getObject();
        Job job = new JobBuilder(JOB, repository)
                .start(new StepBuilder("work", repository).tasklet((contribution, context) -> {
                    if (failures.getAndDecrement() > 0) {
                        throw new IllegalStateException("planned failure");
                    }
                    return RepeatStatus.FINISHED;
                }, transactions).build())
                .build();
        MapJobRegistry registry = new MapJobRegistry();
        registry.register(job);
        JobOperatorFactoryBean operatorFactory = new JobOperatorFactoryBean();
        operatorFactory.setJobRepository(repository);
        operatorFactory.setJobRegistry(registry);
        operatorFactory.setTransactionManager(transactions);
        operatorFactory.afterPropertiesSet();
        JobOperator operator = operatorFactory.getObject();
        launcher = new RunLauncher(operator, repository, job, dataSource, execution -> "Test [lifecycle]");
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    @DisplayName("Issue 13: a launch resumes the unfinished run's job instance instead of starting another")
    void resumesTheUnfinishedRun() throws Exception {
        // given
        failures.set(1);
        JobExecution failed = launcher.run(scope, launch());

        // when
        JobExecution resumed = launcher.run(scope, launch());

        // then
        assertThat(failed.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(resumed.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(resumed.getJobInstanceId()).isEqualTo(failed.getJobInstanceId());
        assertThat(resumed.getId()).isNotEqualTo(failed.getId());
    }

    @Test
    @DisplayName("Issue 13: a run left STARTED by a process that died is marked failed and resumed")
    void resumesARunLeftStartedByADeadProcess() throws Exception {
        // given an execution that a killed process left STARTED
        failures.set(1);
        JobExecution failed = launcher.run(scope, launch());
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.update("update batch_job_execution set status = 'STARTED', end_time = null where job_execution_id = ?",
                failed.getId());
        jdbc.update("update batch_step_execution set status = 'STARTED', end_time = null where job_execution_id = ?",
                failed.getId());

        // when
        JobExecution resumed = launcher.run(scope, launch());

        // then
        assertThat(resumed.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(resumed.getJobInstanceId()).isEqualTo(failed.getJobInstanceId());
        assertThat(jdbc.queryForObject("select status from batch_job_execution where job_execution_id = ?",
                String.class, failed.getId())).isEqualTo("FAILED");
    }

    @Test
    @DisplayName("Issue 13: with nothing unfinished, a launch starts a fresh run")
    void startsAFreshRunWhenNothingIsUnfinished() throws Exception {
        // given
        JobExecution first = launcher.run(scope, launch());

        // when
        JobExecution second = launcher.run(scope, launch());

        // then
        assertThat(first.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(second.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(second.getJobInstanceId()).isNotEqualTo(first.getJobInstanceId());
    }

    @Test
    @DisplayName("Issue 13: a second run of the same target is refused while the first holds its lock")
    void refusesASecondRunWhileTheLockIsHeld() throws Exception {
        // given another session holds the run's lock
        try (JobLock held = JobLock.tryAcquire(dataSource, scope.key()).orElseThrow()) {

            // when / then
            assertThatThrownBy(() -> launcher.run(scope, launch())).isInstanceOf(JobAlreadyRunningException.class)
                    .hasMessage("Test [lifecycle] is already running");
        }
        assertThat(new JdbcTemplate(dataSource).queryForObject("select count(*) from batch_job_execution",
                Long.class)).isZero();
    }

    @Test
    @DisplayName("Issue 13: a resumed run that does not answer the launch is followed by a fresh one")
    void aResumedRunThatDoesNotAnswerIsFollowedByAFreshOne() throws Exception {
        // given
        failures.set(1);
        JobExecution failed = launcher.run(scope, launch());

        // when
        JobExecution fresh = launcher.run(scope, new Launch() {
            @Override
            public boolean answers(JobExecution resumed) {
                return false; // as an archive run resumed with another cutoff
            }
        });

        // then
        assertThat(fresh.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(fresh.getJobInstanceId()).isNotEqualTo(failed.getJobInstanceId());
        assertThat(new JdbcTemplate(dataSource).queryForObject("select count(*) from batch_job_execution"
                + " where status = 'COMPLETED'", Long.class)).isEqualTo(2);
    }

    private Launch launch() {
        return new Launch();
    }

    /** Resumes whatever is unfinished; a fresh run is a new instance. */
    private class Launch implements RunLauncher.Launch {

        @Override
        public Optional<JobExecution> unfinished() {
            return launcher.runs().unfinished(LAST, JOB);
        }

        @Override
        public JobParameters parameters() {
            return new JobParametersBuilder().addLong("run", System.nanoTime()).toJobParameters();
        }
    }
}
