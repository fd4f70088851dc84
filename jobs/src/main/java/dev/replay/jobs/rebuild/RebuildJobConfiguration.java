package dev.replay.jobs.rebuild;

import dev.replay.readers.AggregatePartition;
import dev.replay.readers.ArchivedEvents;
import dev.replay.readers.Event;
import dev.replay.readers.JdbcEventReader;
import dev.replay.readers.MergedEventReader;
import dev.replay.readers.builder.MergedEventReaderBuilder;
import dev.replay.jobs.run.JdbcRunLedger;
import dev.replay.jobs.run.PrepareRunTasklet;
import dev.replay.jobs.run.RunStepListener;
import dev.replay.jobs.support.StepScopedReader;
import dev.replay.readers.upcast.Upcasters;
import dev.replay.writers.BuildFoldPolicy;
import dev.replay.writers.ProjectedEvent;
import dev.replay.writers.Projection;
import dev.replay.writers.ProjectionItemWriter;
import dev.replay.writers.ReadModelBuilds;
import dev.replay.writers.ReadModelTarget;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.partition.support.TaskExecutorPartitionHandler;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.ChunkOrientedStepBuilder;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The {@code rebuild} job: {@code prepare} (fix build and high-water mark), {@code replay}
 * (every event in replay order, archived segments and hot store merged, through the projection,
 * chunk by chunk; a catch-up reads only the hot store), {@code finish}
 * (swap the build in, or record the catch-up's mark).
 *
 * <p>Partitioned: with a {@code partitions} job parameter ({@code n}, a per-aggregate projection
 * only) the replay runs as {@code replay-partitioned}, a Spring Batch partitioned step whose
 * partitions {@code replay-partition:partition<i>} each replay the events of the aggregates that
 * hash to {@code i} modulo {@code n} ({@link dev.replay.readers.AggregatePartition}), in replay order, over
 * both tiers. Each partition is a chunk step of its own with its own checkpoint
 * ({@code events.start.after} in its ExecutionContext), so a restart reruns only the partitions
 * that did not complete, each from its last committed chunk. The swap in {@code finish} runs
 * once, after every partition has completed. Partitions run on a bounded thread pool
 * ({@link RebuildSettings#partitionThreads()}) unless a {@link PartitionHandler} bean is present,
 * which then runs them (remote partitioning: workers in other processes).
 *
 * <p>Exactly once: the replay step's reader and writer share the step's transaction on the
 * primary DataSource, so each chunk's read-model writes and the reader's checkpoint
 * ({@code events.start.after}) commit together; a restart resumes after the last committed chunk
 * and never sees a write of a chunk that did not commit. A full rebuild of a projection that folds
 * across chunks ({@link dev.replay.writers.BuildFold}, e.g. {@code account-balances}) writes its
 * fold only every {@link RebuildSettings#flushEvents()} events and with the last chunk; the chunks
 * in between commit a checkpoint held at the last write, so a restart reads again what was only
 * in memory (see {@link ProjectionItemWriter}). Job parameters: {@code projection},
 * {@code mode} ({@code full} or {@code catch-up}) and {@code run}, a number that makes each
 * fresh launch a new job instance.
 *
 * <p>Needs beans: {@link JobRepository}, a {@link PlatformTransactionManager} on the primary
 * DataSource, the primary {@link DataSource}, a {@link ReadSource} (the primary or a read
 * replica), {@link RebuildSettings}, the {@link Projection}s, the {@link Upcasters} (the writer upcasts
 * the events its projection handles before it sees them, see {@link ProjectionItemWriter}) and optionally
 * {@link ArchivedEvents} (none: the hot store alone) and a {@link ReplayProgress}.
 */
@Configuration(proxyBeanMethods = false)
@Import(RebuildRunConfiguration.class)
public class RebuildJobConfiguration {

    public static final String JOB = "rebuild";
    public static final String PROJECTION = "projection";
    public static final String MODE = "mode";
    public static final String RUN = "run";
    /** Job parameter: the number of partitions of a partitioned replay; absent for one stream. */
    public static final String PARTITIONS = "partitions";
    /**
     * The manager step of a partitioned replay. Its counts are the sum of its partitions' (when it
     * completes), so sums over a job's steps leave it out and count the partitions themselves.
     */
    public static final String PARTITIONED_STEP = "replay-partitioned";
    /** The worker step of a partitioned replay, run for each partition, locally or by a remote worker. */
    public static final String PARTITION_STEP = "replay-partition";
    static final String READER = "events";

    @Bean
    public Projections projections(List<Projection> projections) {
        return new Projections(projections);
    }

    @Bean
    public ReadModelBuilds readModelBuilds(DataSource dataSource, PlatformTransactionManager transactionManager,
                                           RebuildSettings settings) {
        return new ReadModelBuilds(dataSource, transactionManager, settings.keepCopies());
    }

    @Bean
    public Job rebuildJob(JobRepository jobRepository, Projections projections, Step rebuildPrepareStep,
                          Step rebuildReplayStep, Step rebuildPartitionedStep, Step rebuildFinishStep) {
        ReplayFlowDecider decider = new ReplayFlowDecider(projections);
        return new JobBuilder(JOB, jobRepository)
                .start(rebuildPrepareStep)
                .next(decider).on(ReplayFlowDecider.PARTITIONED.getName()).to(rebuildPartitionedStep)
                .next(rebuildFinishStep)
                .from(decider).on(ReplayFlowDecider.SINGLE.getName()).to(rebuildReplayStep)
                .next(rebuildFinishStep)
                .end()
                .build();
    }

    @Bean
    public Step rebuildPrepareStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                                   Projections projections, ReadModelBuilds builds, JdbcRunLedger<RebuildRun> runs,
                                   ReadSource readSource, ObjectProvider<ArchivedEvents> archive) {
        return new StepBuilder("prepare", jobRepository)
                .tasklet(new PrepareRunTasklet<>(runs,
                        new RebuildPreparation(projections, builds, readSource.dataSource(), archive(archive))),
                        transactionManager)
                .build();
    }

    @Bean
    public Step rebuildReplayStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                                  RebuildSettings settings, MergedEventReader rebuildReader,
                                  ProjectionItemWriter rebuildWriter, RunStepListener rebuildProgressListener) {
        return replayStep(new StepBuilder("replay", jobRepository), transactionManager, settings, rebuildReader,
                rebuildWriter).listener(rebuildProgressListener).build();
    }

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
        return replayStep(new StepBuilder(PARTITION_STEP, jobRepository), transactionManager, settings,
                rebuildPartitionReader, rebuildPartitionWriter).listener(rebuildPartitionListener).build();
    }

    /** A chunk step replaying {@code reader}'s events through {@code writer}. */
    private static ChunkOrientedStepBuilder<Event, Event> replayStep(StepBuilder step,
                                                                     PlatformTransactionManager transactionManager,
                                                                     RebuildSettings settings, MergedEventReader reader,
                                                                     ProjectionItemWriter writer) {
        return step.<Event, Event>chunk(settings.chunkSize())
                .transactionManager(transactionManager)
                .reader(new StepScopedReader<>(reader))
                .writer(writer); // which upcasts, so that a failing upcaster is an invalid event like any other
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
                                                    ReadSource readSource, ObjectProvider<ArchivedEvents> archive) {
        // named as the single stream's, within the partition's own ExecutionContext
        return reader(rebuildRun, settings, readSource, archive,
                RebuildPartitioner.of(stepExecution.getExecutionContext()));
    }

    @Bean
    public Step rebuildFinishStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                                  Projections projections, ReadModelBuilds builds, JdbcRunLedger<RebuildRun> runs) {
        return new StepBuilder("finish", jobRepository)
                .tasklet(new FinishRebuildTasklet(projections, builds, runs), transactionManager)
                .build();
    }

    @Bean
    @StepScope
    public MergedEventReader rebuildReader(RebuildRun rebuildRun, RebuildSettings settings,
                                           ReadSource readSource, ObjectProvider<ArchivedEvents> archive) {
        return reader(rebuildRun, settings, readSource, archive, AggregatePartition.NONE);
    }

    /** The run's events of {@code partition} in replay order; a catch-up reads the hot store only. */
    private static MergedEventReader reader(RebuildRun run, RebuildSettings settings, ReadSource readSource,
                                            ObjectProvider<ArchivedEvents> archive, AggregatePartition partition) {
        boolean full = run.mode() == RebuildMode.FULL;
        return new MergedEventReaderBuilder()
                .name(READER)
                .dataSource(readSource.dataSource())
                // archival holds back what committed at or after the lowest live mark (LiveMarkBound)
                .archive(full ? archive(archive) : ArchivedEvents.NONE)
                .partition(partition)
                .highWaterMark(run.highWaterMark())
                .pageSize(settings.pageSize())
                .historyComplete(full)
                .build();
    }

    @Bean
    @StepScope
    public ProjectionItemWriter rebuildWriter(RebuildRun rebuildRun, Projections projections, ReadModelBuilds builds,
                                              RebuildSettings settings, MergedEventReader rebuildReader,
                                              Upcasters upcasters) {
        return writer(rebuildRun, projections, builds, settings, rebuildReader, settings.foldMaxHeld(),
                upcasters);
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

    /**
     * A full rebuild's writer folds across chunks when the projection offers it, flushing at the
     * latest when {@code reader} (the step's own, through its step-scope proxy) has no event left.
     */
    private static ProjectionItemWriter writer(RebuildRun run, Projections projections, ReadModelBuilds builds,
                                               RebuildSettings settings, MergedEventReader reader, int foldMaxHeld,
                                               Upcasters upcasters) {
        Projection projection = projections.get(run.projection());
        ReadModelTarget target = run.mode() == RebuildMode.FULL
                ? builds.resumeBuild(projection, run.build())
                : builds.live(projection).filter(live -> live.build() == run.build()) // never into a newer build
                        .orElseThrow(() -> new IllegalStateException("Projection [" + projection.name()
                                + "] build " + run.build() + " of this catch-up is no longer live"));
        BuildFoldPolicy fold = new BuildFoldPolicy(READER + "." + JdbcEventReader.START_AFTER, reader::atEnd,
                settings.flushEvents(), foldMaxHeld);
        return new ProjectionItemWriter(projection, target, settings.skipInvalid(), ProjectedEvent.DEFAULT_MAPPER, fold,
                upcasters);
    }

    private static ArchivedEvents archive(ObjectProvider<ArchivedEvents> archive) {
        return archive.getIfAvailable(() -> ArchivedEvents.NONE);
    }
}
