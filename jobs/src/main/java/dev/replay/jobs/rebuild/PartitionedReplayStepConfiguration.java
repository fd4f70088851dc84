package dev.replay.jobs.rebuild;

import static dev.replay.jobs.rebuild.RebuildJobConfiguration.PARTITIONED_STEP;
import static dev.replay.jobs.rebuild.RebuildJobConfiguration.PARTITIONS;
import static dev.replay.jobs.rebuild.RebuildJobConfiguration.PARTITION_STEP;
import static dev.replay.jobs.rebuild.ReplayStepFactory.reader;
import static dev.replay.jobs.rebuild.ReplayStepFactory.replayStep;
import static dev.replay.jobs.rebuild.ReplayStepFactory.writer;

import dev.replay.jobs.run.RunStepListener;
import dev.replay.readers.ArchivedEvents;
import dev.replay.readers.HotStore;
import dev.replay.readers.MergedEventReader;
import dev.replay.readers.upcast.Upcasters;
import dev.replay.writers.ProjectionItemWriter;
import dev.replay.writers.ReadModelBuilds;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.partition.support.TaskExecutorPartitionHandler;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The {@code replay-partitioned} step of a {@code rebuild} job with a {@code partitions} parameter:
 * the manager step, its partitioner and partition handler (a bounded local thread pool, unless a
 * {@link PartitionHandler} bean runs the partitions in remote workers), and the worker step
 * {@code replay-partition} with its reader, writer and listener (step-scoped, one each per
 * partition). See {@link RebuildJobConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
public class PartitionedReplayStepConfiguration {

    /** The manager of a partitioned replay: splits, hands the partitions to the handler, waits for all. */
    @Bean
    public Step rebuildPartitionedStep(JobRepository jobRepository, Step rebuildPartitionStep,
                                       Partitioner rebuildPartitioner, RunStepListener partitionedProgress,
                                       ObjectProvider<PartitionHandler> remote,
                                       ObjectProvider<ThreadPoolTaskExecutor> rebuildPartitionExecutor)
            throws Exception {
        PartitionHandler handler = remote.getIfAvailable();
        if (handler == null) {
            TaskExecutorPartitionHandler local = new TaskExecutorPartitionHandler();
            local.setStep(rebuildPartitionStep);
            local.setTaskExecutor(rebuildPartitionExecutor.getObject());
            local.afterPropertiesSet();
            handler = local;
        }
        return new StepBuilder(PARTITIONED_STEP, jobRepository)
                .partitioner(PARTITION_STEP, rebuildPartitioner)
                .partitionHandler(handler)
                .listener(partitionedProgress)
                .build();
    }

    /** One partition of a partitioned replay: the replay step over the partition's aggregates only. */
    @Bean
    public Step rebuildPartitionStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                                     RebuildSettings settings, MergedEventReader rebuildPartitionReader,
                                     ProjectionItemWriter rebuildPartitionWriter,
                                     RunStepListener rebuildPartitionListener) {
        // its share of the chunk size, as of the read-ahead: the partitions together hold about one stream's
        return replayStep(new StepBuilder(PARTITION_STEP, jobRepository), transactionManager,
                ReplayStepFactory.partitionChunkSize(settings), rebuildPartitionReader, rebuildPartitionWriter)
                .listener(rebuildPartitionListener).build();
    }

    @Bean
    @StepScope
    public Partitioner rebuildPartitioner(@Value("#{jobParameters['" + PARTITIONS + "']}") Long partitions) {
        return new RebuildPartitioner(partitions.intValue());
    }

    /** The threads of local partitions: a bounded pool, so that partitions beyond it wait. */
    @Bean
    public ThreadPoolTaskExecutor rebuildPartitionExecutor(RebuildSettings settings) {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(settings.partitionThreads());
        executor.setMaxPoolSize(settings.partitionThreads());
        executor.setAllowCoreThreadTimeOut(true);
        executor.setThreadNamePrefix("replay-partition-");
        return executor;
    }


    @Bean
    @StepScope
    public MergedEventReader rebuildPartitionReader(RebuildRun rebuildRun,
                                                    @Value("#{stepExecution}") StepExecution stepExecution,
                                                    RebuildSettings settings,
                                                    ReadSource readSource, HotStore hotStore,
                                                    ObjectProvider<ArchivedEvents> archive) {
        // named as the single stream's, within the partition's own ExecutionContext; the partitions
        // running at once share one stream's read-ahead, so the heap does not grow with their number
        int readers = ReplayStepFactory.concurrentPartitions(stepExecution.getJobParameters().getLong(PARTITIONS),
                settings);
        return reader(rebuildRun, settings, hotStore.on(readSource.dataSource()), archive,
                RebuildPartitioner.of(stepExecution.getExecutionContext()), readers);
    }


    /**
     * The writer of one partition: its fold ends with the partition's own reader, and holds its share
     * of {@code foldMaxHeld}, as up to {@code partitionThreads} partitions fold at once in a process.
     */
    @Bean
    @StepScope
    public ProjectionItemWriter rebuildPartitionWriter(
            RebuildRun rebuildRun, Projections projections, ReadModelBuilds builds, RebuildSettings settings,
            MergedEventReader rebuildPartitionReader, Upcasters upcasters) {
        return writer(rebuildRun, projections, builds, settings, rebuildPartitionReader,
                Math.max(1, settings.foldMaxHeld() / settings.partitionThreads()), upcasters);
    }
}
