package dev.replay.config.cli;

import dev.replay.jobs.archive.ArchiveJobConfiguration;
import dev.replay.jobs.export.ExportJobConfiguration;
import dev.replay.archive.sink.ExportOutputRefusedException;
import dev.replay.jobs.launch.ArchiveLauncher;
import dev.replay.jobs.launch.ExportLauncher;
import dev.replay.jobs.launch.PurgeLauncher;
import dev.replay.jobs.launch.RebuildLauncher;
import dev.replay.jobs.purge.PurgeJobConfiguration;
import java.util.concurrent.Callable;
import org.springframework.batch.core.job.JobExecution;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code restart <id>}: resumes a failed, stopped or killed job execution (rebuild, archive or export) from its last commit. */
@Command(name = "restart", mixinStandardHelpOptions = true,
        description = "Restart a failed, stopped or killed job execution from its last committed chunk or segment.")
class RestartCommand implements Callable<Integer> {

    @ParentCommand
    ReplayCommand parent;

    @Parameters(index = "0", paramLabel = "<execution-id>", description = "The id shown by 'jobs'.")
    long executionId;

    @Override
    public Integer call() throws Exception {
        ApplicationRuntime runtime = parent.runtime();
        JobExecution execution = ExecutionLookup.find(runtime, executionId);
        try {
            String job = execution.getJobInstance().getJobName();
            JobExecution restarted = ArchiveJobConfiguration.JOB.equals(job)
                    ? runtime.bean(ArchiveLauncher.class).restart(executionId)
                    : ExportJobConfiguration.JOB.equals(job) ? runtime.bean(ExportLauncher.class).restart(executionId)
                    : PurgeJobConfiguration.JOB.equals(job) ? runtime.bean(PurgeLauncher.class).restart(executionId)
                    : runtime.bean(RebuildLauncher.class).restart(executionId);
            return JobOutcome.report(restarted, parent.out());
        } catch (IllegalArgumentException | ExportOutputRefusedException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
