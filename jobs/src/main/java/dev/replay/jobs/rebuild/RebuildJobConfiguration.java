package dev.replay.jobs.rebuild;

import dev.replay.readers.ArchivedEvents;
import dev.replay.readers.Event;
import dev.replay.readers.MergedEventReader;
import dev.replay.readers.builder.MergedEventReaderBuilder;
import dev.replay.readers.upcast.Upcasters;
import dev.replay.readers.upcast.UpcastingItemProcessor;
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
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The {@code rebuild} job: {@code prepare} (fix build and high-water mark), {@code replay}
 * (every event in replay order, archived segments and hot store merged, through the projection,
 * chunk by chunk; a catch-up reads only the hot store), {@code finish}
 * (swap the build in, or record the catch-up's mark).
 *
 * <p>Exactly once: the replay step's reader and writer share the step's transaction on the
 * primary DataSource, so each chunk's read-model writes and the reader's checkpoint
 * ({@code events.start.after}) commit together; a restart resumes after the last committed chunk
 * and never sees a write of a chunk that did not commit. Job parameters: {@code projection},
 * {@code mode} ({@code full} or {@code catch-up}) and {@code run}, a number that makes each
 * fresh launch a new job instance.
 *
 * <p>Needs beans: {@link JobRepository}, a {@link PlatformTransactionManager} on the primary
 * DataSource, the primary {@link DataSource}, a {@link ReadSource} (the primary or a read
 * replica), {@link RebuildSettings}, the {@link Projection}s, the {@link Upcasters} (events are upcast
 * before the projection sees them; an empty chain adds no processor) and optionally
 * {@link ArchivedEvents} (none: the hot store alone) and a {@link ReplayProgress}.
 */
@Configuration(proxyBeanMethods = false)
public class RebuildJobConfiguration {

    public static final String JOB = "rebuild";
    public static final String PROJECTION = "projection";
    public static final String MODE = "mode";
    public static final String RUN = "run";
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
    public JdbcRebuildRuns rebuildRuns(DataSource dataSource) {
        return new JdbcRebuildRuns(dataSource);
    }

    @Bean
    public Job rebuildJob(JobRepository jobRepository, Step rebuildPrepareStep, Step rebuildReplayStep,
                          Step rebuildFinishStep) {
        return new JobBuilder(JOB, jobRepository)
                .start(rebuildPrepareStep)
                .next(rebuildReplayStep)
                .next(rebuildFinishStep)
                .build();
    }

    @Bean
    public Step rebuildPrepareStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                                   Projections projections, ReadModelBuilds builds, JdbcRebuildRuns runs,
                                   ReadSource readSource, ObjectProvider<ArchivedEvents> archive) {
        return new StepBuilder("prepare", jobRepository)
                .tasklet(new PrepareRebuildTasklet(projections, builds, runs, readSource.dataSource(), archive(archive)),
                        transactionManager)
                .build();
    }

    @Bean
    public Step rebuildReplayStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                                  RebuildSettings settings, MergedEventReader rebuildReader,
                                  ProjectionItemWriter rebuildWriter, ReplayProgressListener rebuildProgressListener,
                                  Upcasters upcasters) {
        return new StepBuilder("replay", jobRepository)
                .<Event, Event>chunk(settings.chunkSize())
                .transactionManager(transactionManager)
                .reader(rebuildReader)
                .processor(upcasters.isEmpty() ? null : new UpcastingItemProcessor(upcasters)) // null: no processor
                .writer(rebuildWriter)
                .listener(rebuildProgressListener)
                .build();
    }

    @Bean
    public Step rebuildFinishStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                                  Projections projections, ReadModelBuilds builds, JdbcRebuildRuns runs) {
        return new StepBuilder("finish", jobRepository)
                .tasklet(new FinishRebuildTasklet(projections, builds, runs), transactionManager)
                .build();
    }

    @Bean
    @StepScope
    public MergedEventReader rebuildReader(@Value("#{stepExecution.jobExecution.jobInstanceId}") long instance,
                                           JdbcRebuildRuns runs, RebuildSettings settings,
                                           ReadSource readSource, ObjectProvider<ArchivedEvents> archive) {
        RebuildRun run = run(runs, instance);
        boolean full = run.mode() == RebuildMode.FULL;
        return new MergedEventReaderBuilder()
                .name(READER)
                .dataSource(readSource.dataSource())
                .archive(full ? archive(archive) : ArchivedEvents.NONE) // archived events are older than any catch-up
                .highWaterMark(run.highWaterMark())
                .pageSize(settings.pageSize())
                .historyComplete(full)
                .build();
    }

    @Bean
    @StepScope
    public ProjectionItemWriter rebuildWriter(@Value("#{stepExecution.jobExecution.jobInstanceId}") long instance,
                                              JdbcRebuildRuns runs, Projections projections, ReadModelBuilds builds,
                                              RebuildSettings settings) {
        RebuildRun run = run(runs, instance);
        Projection projection = projections.get(run.projection());
        ReadModelTarget target = run.mode() == RebuildMode.FULL
                ? builds.resumeBuild(projection, run.build())
                : builds.live(projection).orElseThrow(() -> new IllegalStateException(
                        "Projection [" + projection.name() + "] lost its live build " + run.build()));
        return new ProjectionItemWriter(projection, target, settings.skipInvalid());
    }

    @Bean
    @StepScope
    public ReplayProgressListener rebuildProgressListener(
            @Value("#{stepExecution.jobExecution.jobInstanceId}") long instance, JdbcRebuildRuns runs,
            ReadSource readSource, ObjectProvider<ArchivedEvents> archive, ObjectProvider<ReplayProgress> progress) {
        RebuildRun run = run(runs, instance);
        return new ReplayProgressListener(run, READER, readSource.dataSource(),
                run.mode() == RebuildMode.FULL ? archive(archive) : ArchivedEvents.NONE,
                progress.getIfAvailable(() -> ReplayProgress.NONE));
    }

    private static ArchivedEvents archive(ObjectProvider<ArchivedEvents> archive) {
        return archive.getIfAvailable(() -> ArchivedEvents.NONE);
    }

    private static RebuildRun run(JdbcRebuildRuns runs, long instance) {
        return runs.find(instance).orElseThrow(() -> new IllegalStateException(
                "Rebuild job instance " + instance + " has no rebuild_run row; its prepare step did not commit"));
    }
}
