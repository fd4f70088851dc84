package dev.replay.config;

import dev.replay.jobs.launch.PurgeLauncher;
import dev.replay.jobs.launch.RollbackLauncher;
import dev.replay.jobs.purge.PurgeJobConfiguration;
import dev.replay.jobs.purge.PurgeableRecords;
import dev.replay.jobs.rebuild.Projections;
import dev.replay.schedules.JdbcScheduleFirings;
import dev.replay.writers.ReadModelBuilds;
import java.time.Instant;
import javax.sql.DataSource;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Going back and keeping the metadata small: the rollback of a projection to a kept copy, and the
 * {@code purge} job with its launcher; the schedules module's firings join the purge here, since
 * the jobs module does not know that module.
 */
@Configuration(proxyBeanMethods = false)
@Import(PurgeJobConfiguration.class)
class RetentionConfiguration {

    @Bean
    RollbackLauncher rollbackLauncher(JobOperator jobOperator, JobRepository jobRepository, Projections projections,
                                      ReadModelBuilds builds, DataSource dataSource) {
        return new RollbackLauncher(jobOperator, jobRepository, projections, builds, dataSource);
    }

    @Bean
    PurgeLauncher purgeLauncher(JobOperator jobOperator, JobRepository jobRepository, Job purgeJob,
                                DataSource dataSource) {
        return new PurgeLauncher(jobOperator, jobRepository, purgeJob, dataSource);
    }

    @Bean
    PurgeableRecords scheduleFiringsRetention(DataSource dataSource) {
        JdbcScheduleFirings firings = new JdbcScheduleFirings(dataSource);
        return new PurgeableRecords() {
            @Override
            public String kind() {
                return "schedule-firings";
            }

            @Override
            public long deleteOlderThan(Instant cutoff) {
                return firings.deleteFiredBefore(cutoff);
            }
        };
    }
}
