package dev.replay.config.cli;

import java.util.concurrent.Callable;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code stop <id>}: asks a running execution to stop. The request goes through the job
 * repository, so it reaches a job running in another process, which stops after its current
 * chunk commits; {@code restart <id>} continues it.
 */
@Command(name = "stop", mixinStandardHelpOptions = true,
        description = "Ask a running job execution to stop after its current chunk; 'restart' continues it.")
class StopCommand implements Callable<Integer> {

    @ParentCommand
    ReplayCommand parent;

    @Parameters(index = "0", paramLabel = "<execution-id>", description = "The id shown by 'jobs'.")
    long executionId;

    @Override
    public Integer call() throws Exception {
        JobExecution execution = ExecutionLookup.find(parent.runtime(), executionId);
        if (!execution.isRunning()) {
            throw new CommandFailedException("Execution " + executionId + " is not running, it is " + execution.getStatus());
        }
        parent.runtime().bean(JobOperator.class).stop(execution);
        parent.out().printf("Asked execution %d (%s) to stop after its current chunk.%n", executionId,
                execution.getJobInstance().getJobName());
        return ReplayCli.OK;
    }
}
