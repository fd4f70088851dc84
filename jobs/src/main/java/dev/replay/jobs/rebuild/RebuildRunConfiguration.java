package dev.replay.jobs.rebuild;

import dev.replay.jobs.run.JdbcRunLedger;
import dev.replay.jobs.run.RunProgress;
import dev.replay.jobs.run.RunStepListener;
import dev.replay.jobs.support.Failpoint;
import dev.replay.jobs.support.HeldLocks;
import dev.replay.readers.ArchivedEvents;
import dev.replay.readers.HotStore;
import javax.sql.DataSource;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.context.annotation.ScopedProxyMode;

/**
 * The rebuild's part of the run lifecycle: its run ledger ({@code rebuild_run}), the run of the
 * current step execution (read once per step execution, shared by the step's reader, writer and
 * listener), and the lifecycle's listeners on the replay steps, which verify the rebuild's and the
 * archive tier's locks after each chunk's write and count progress. Imported by
 * {@link RebuildJobConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
class RebuildRunConfiguration {

    @Bean
    public JdbcRunLedger<RebuildRun> rebuildRuns(DataSource dataSource) {
        return new JdbcRunLedger<>(dataSource, RebuildRun.TABLE);
    }

    /**
     * The run of the current step execution. Not proxied: each step-scoped bean that takes it gets
     * the one instance of its step execution, resolved when that bean is made within the step.
     */
    @Bean
    @Scope(value = "step", proxyMode = ScopedProxyMode.NO)
    RebuildRun rebuildRun(@Value("#{stepExecution.jobExecution.jobInstanceId}") long instance,
                          JdbcRunLedger<RebuildRun> rebuildRuns) {
        return rebuildRuns.get(instance);
    }

    /** The progress of this process's rebuilds: partitions on several threads count into one tally. */
    @Bean
    public RunProgress rebuildProgress(ObjectProvider<ReplayProgress> progress) {
        return new RunProgress(progress.getIfAvailable(() -> ReplayProgress.NONE));
    }

    @Bean
    ReplayRemaining replayRemaining(ReadSource readSource, HotStore hotStore, DataSource dataSource,
                                    ObjectProvider<ArchivedEvents> archive) {
        return new ReplayRemaining(ReplayStepFactory.READER, hotStore.on(readSource.dataSource()), dataSource,
                archive.getIfAvailable(() -> ArchivedEvents.NONE));
    }

    /** The one-stream replay step's listener. */
    @Bean
    @StepScope
    public RunStepListener rebuildProgressListener(RebuildRun rebuildRun, RunProgress rebuildProgress,
                                                   ReplayRemaining remaining) {
        return RunStepListener.step(rebuildProgress, step -> remaining.single(rebuildRun, step),
                RebuildRunConfiguration::chunkWritten, locks(rebuildRun));
    }

    /** The manager of a partitioned replay: sets the total left; its partitions count into it. */
    @Bean
    @StepScope
    public RunStepListener partitionedProgress(RebuildRun rebuildRun, RunProgress rebuildProgress,
                                               ReplayRemaining remaining) {
        return RunStepListener.step(rebuildProgress, manager -> remaining.partitioned(rebuildRun, manager), () -> { });
    }

    /** One partition's listener, counting into its manager's tally. */
    @Bean
    @StepScope
    public RunStepListener rebuildPartitionListener(RebuildRun rebuildRun, RunProgress rebuildProgress) {
        return RunStepListener.partition(rebuildProgress, RebuildJobConfiguration.PARTITIONED_STEP, rebuildRun,
                RebuildRunConfiguration::chunkWritten, locks(rebuildRun));
    }

    private static String[] locks(RebuildRun run) {
        return new String[] {HeldLocks.rebuild(run.projection()), HeldLocks.ARCHIVE_TIER};
    }

    private static void chunkWritten() {
        Failpoint.reach("rebuild.replay.chunk-written"); // written, not yet committed with its checkpoint
    }
}
