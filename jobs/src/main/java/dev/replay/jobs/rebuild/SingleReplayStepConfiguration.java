package dev.replay.jobs.rebuild;

import static dev.replay.jobs.rebuild.ReplayStepFactory.READER;
import static dev.replay.jobs.rebuild.ReplayStepFactory.archive;
import static dev.replay.jobs.rebuild.ReplayStepFactory.reader;
import static dev.replay.jobs.rebuild.ReplayStepFactory.replayStep;
import static dev.replay.jobs.rebuild.ReplayStepFactory.run;
import static dev.replay.jobs.rebuild.ReplayStepFactory.writer;

import dev.replay.readers.AggregatePartition;
import dev.replay.readers.ArchivedEvents;
import dev.replay.readers.HotStore;
import dev.replay.readers.MergedEventReader;
import dev.replay.readers.upcast.Upcasters;
import dev.replay.writers.ProjectionItemWriter;
import dev.replay.writers.ReadModelBuilds;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The {@code replay} step of a {@code rebuild} job that runs as one stream: every event of the run
 * in replay order through the projection, chunk by chunk, with its reader, writer and progress
 * listener (step-scoped, one each per step execution). See {@link RebuildJobConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
public class SingleReplayStepConfiguration {

    @Bean
    public Step rebuildReplayStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                                  RebuildSettings settings, MergedEventReader rebuildReader,
                                  ProjectionItemWriter rebuildWriter, ReplayProgressListener rebuildProgressListener) {
        return replayStep(new StepBuilder("replay", jobRepository), transactionManager, settings, rebuildReader,
                rebuildWriter).listener(rebuildProgressListener).build();
    }

    @Bean
    @StepScope
    public MergedEventReader rebuildReader(@Value("#{stepExecution.jobExecution.jobInstanceId}") long instance,
                                           JdbcRebuildRuns runs, RebuildSettings settings,
                                           ReadSource readSource, HotStore hotStore,
                                           ObjectProvider<ArchivedEvents> archive) {
        return reader(run(runs, instance), settings, hotStore.on(readSource.dataSource()), archive, AggregatePartition.NONE);
    }

    @Bean
    @StepScope
    public ProjectionItemWriter rebuildWriter(@Value("#{stepExecution.jobExecution.jobInstanceId}") long instance,
                                              JdbcRebuildRuns runs, Projections projections, ReadModelBuilds builds,
                                              RebuildSettings settings, MergedEventReader rebuildReader,
                                              Upcasters upcasters) {
        return writer(run(runs, instance), projections, builds, settings, rebuildReader, settings.foldMaxHeld(),
                upcasters);
    }

    @Bean
    @StepScope
    public ReplayProgressListener rebuildProgressListener(
            @Value("#{stepExecution.jobExecution.jobInstanceId}") long instance, JdbcRebuildRuns runs,
            ReadSource readSource, HotStore hotStore, ObjectProvider<ArchivedEvents> archive,
            ObjectProvider<ReplayProgress> progress) {
        RebuildRun run = run(runs, instance);
        return new ReplayProgressListener(run, READER, hotStore.on(readSource.dataSource()),
                run.mode() == RebuildMode.FULL ? archive(archive) : ArchivedEvents.NONE,
                progress.getIfAvailable(() -> ReplayProgress.NONE));
    }
}
