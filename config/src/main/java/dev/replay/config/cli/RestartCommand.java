package dev.replay.config.cli;

import dev.replay.jobs.launch.RebuildLauncher;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code restart <id>}: resumes a failed, stopped or killed job execution from its last committed chunk. */
@Command(name = "restart", mixinStandardHelpOptions = true,
        description = "Restart a failed, stopped or killed job execution from its last committed chunk.")
class RestartCommand implements Callable<Integer> {

    @ParentCommand
    ReplayCommand parent;

    @Parameters(index = "0", paramLabel = "<execution-id>", description = "The id shown by 'jobs'.")
    long executionId;

    @Override
    public Integer call() throws Exception {
        try {
            return JobOutcome.report(parent.runtime().bean(RebuildLauncher.class).restart(executionId), parent.out());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
