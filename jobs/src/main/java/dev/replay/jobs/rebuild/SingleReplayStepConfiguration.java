package dev.replay.jobs.rebuild;

import static dev.replay.jobs.rebuild.ReplayStepFactory.reader;
import static dev.replay.jobs.rebuild.ReplayStepFactory.replayStep;
import static dev.replay.jobs.rebuild.ReplayStepFactory.writer;

import dev.replay.jobs.run.RunStepListener;
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
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The {@code replay} step of a {@code rebuild} job that runs as one stream: every event of the run
 * in replay order through the projection, chunk by chunk, with its reader, writer and the run
 * lifecycle's listener (step-scoped, one each per step execution; the listener is defined in
 * {@link RebuildRunConfiguration}). See {@link RebuildJobConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
public class SingleReplayStepConfiguration {

    @Bean
    public Step rebuildReplayStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                                  RebuildSettings settings, MergedEventReader rebuildReader,
                                  ProjectionItemWriter rebuildWriter, RunStepListener rebuildProgressListener) {
        return replayStep(new StepBuilder("replay", jobRepository), transactionManager, settings, rebuildReader,
                rebuildWriter).listener(rebuildProgressListener).build();
    }

    @Bean
    @StepScope
    public MergedEventReader rebuildReader(RebuildRun rebuildRun, RebuildSettings settings,
                                           ReadSource readSource, HotStore hotStore,
                                           ObjectProvider<ArchivedEvents> archive) {
        return reader(rebuildRun, settings, hotStore.on(readSource.dataSource()), archive, AggregatePartition.NONE);
    }

    @Bean
    @StepScope
    public ProjectionItemWriter rebuildWriter(RebuildRun rebuildRun, Projections projections, ReadModelBuilds builds,
                                              RebuildSettings settings, MergedEventReader rebuildReader,
                                              Upcasters upcasters) {
        return writer(rebuildRun, projections, builds, settings, rebuildReader, settings.foldMaxHeld(),
                upcasters);
    }

}
