package dev.replay.jobs.rebuild;

import static dev.replay.jobs.rebuild.ReplayStepFactory.archive;

import dev.replay.readers.ArchivedEvents;
import dev.replay.readers.HotStore;
import dev.replay.jobs.run.JdbcRunLedger;
import dev.replay.jobs.run.PrepareRunTasklet;
import dev.replay.readers.upcast.Upcasters;
import dev.replay.writers.Projection;
import dev.replay.writers.ProjectionItemWriter;
import dev.replay.writers.ReadModelBuilds;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.partition.PartitionHandler;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The {@code rebuild} job: {@code prepare} (fix build and high-water mark), {@code replay}
 * (every event in replay order, archived segments and hot store merged, through the projection,
 * chunk by chunk; a catch-up reads only the hot store), {@code finish}
 * (swap the build in, or record the catch-up's mark). This class wires the job, its prepare and finish
 * steps and what they share; the replay step is {@link SingleReplayStepConfiguration}'s, the partitioned
 * one {@link PartitionedReplayStepConfiguration}'s, both made by {@link ReplayStepFactory}.
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
 * in memory (the restart contract: {@link dev.replay.readers.CheckpointHandoff}). Job parameters: {@code projection},
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
@Import({SingleReplayStepConfiguration.class, PartitionedReplayStepConfiguration.class, RebuildRunConfiguration.class})
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

    /** The projection beans (built-in, or a plugin's auto-configuration's) and those the sources add. */
    @Bean
    public Projections projections(List<Projection> projections, List<ProjectionSources> sources) {
        List<ProjectionSource> all = new ArrayList<>(projections.stream().map(ProjectionSource::of).toList());
        sources.forEach(source -> all.addAll(source.projections()));
        return Projections.of(all);
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
                                   ReadSource readSource, HotStore hotStore, ObjectProvider<ArchivedEvents> archive) {
        return new StepBuilder("prepare", jobRepository)
                .tasklet(new PrepareRunTasklet<>(runs, new RebuildPreparation(projections, builds,
                                hotStore.on(readSource.dataSource()), archive(archive))),
                        transactionManager)
                .build();
    }

    @Bean
    public Step rebuildFinishStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                                  Projections projections, ReadModelBuilds builds, JdbcRunLedger<RebuildRun> runs) {
        return new StepBuilder("finish", jobRepository)
                .tasklet(new FinishRebuildTasklet(projections, builds, runs), transactionManager)
                .build();
    }
}
