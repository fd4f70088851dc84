package dev.replay.jobs.purge;

import dev.replay.writers.DeadLetterRetention;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The {@code purge} job: one tasklet step, {@code purge} ({@link PurgeTasklet}), that deletes job
 * metadata, dead letters and the {@link PurgeableRecords} beans' records older than the job
 * parameter {@code before} (an ISO-8601 instant), in one transaction. Parameters: {@code before},
 * {@code run} (a number that makes each fresh launch a new instance) and, for the record only,
 * {@code older-than} (the duration the cutoff was counted back by, not identifying).
 *
 * <p>Needs beans: {@link JobRepository}, a {@link PlatformTransactionManager} on the primary
 * {@link DataSource}, and optionally {@link PurgeableRecords}.
 */
@Configuration(proxyBeanMethods = false)
public class PurgeJobConfiguration {

    public static final String JOB = "purge";
    public static final String BEFORE = "before";
    public static final String OLDER_THAN = "older-than";
    public static final String RUN = "run";
    /** The step ExecutionContext key prefix of the counts by kind, e.g. {@code purge.job-instances}. */
    public static final String COUNT_PREFIX = "purge.";

    @Bean
    public Job purgeJob(JobRepository jobRepository, Step purgeStep) {
        return new JobBuilder(JOB, jobRepository).start(purgeStep).build();
    }

    @Bean
    public Step purgeStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                          DataSource dataSource, ObjectProvider<PurgeableRecords> others) {
        List<PurgeableRecords> records = others.orderedStream().toList();
        return new StepBuilder(JOB, jobRepository)
                .tasklet(new PurgeTasklet(new BatchMetadataPurge(dataSource), new DeadLetterRetention(dataSource),
                        records), transactionManager)
                .build();
    }
}
