package dev.replay.config.cli;

import dev.replay.config.RetentionDurations;
import dev.replay.jobs.launch.PurgeLauncher;
import dev.replay.jobs.purge.PurgeJobConfiguration;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code purge --older-than <duration>}: the {@code purge} job, then what it deleted, by kind. */
@Command(name = "purge", mixinStandardHelpOptions = true,
        description = {"Delete job metadata, schedule firings and dead letters older than a duration, keeping what"
            + " live builds, kept copies, resumable runs, archive segments and export outputs still need."})
class PurgeCommand implements Callable<Integer> {

    @ParentCommand
    ReplayCommand parent;

    @Option(names = "--older-than", required = true, paramLabel = "<duration>",
            description = "Delete what is older than this, e.g. 30d, 12h or P30D.")
    String olderThan;

    @Override
    public Integer call() throws Exception {
        Instant before;
        try {
            before = Instant.now().minus(RetentionDurations.parse("--older-than", olderThan));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        JobExecution execution = parent.runtime().bean(PurgeLauncher.class).run(before, olderThan.strip());
        int status = JobOutcome.report(execution, parent.out());
        for (StepExecution step : execution.getStepExecutions()) {
            step.getExecutionContext().entrySet().stream()
                    .filter(entry -> entry.getKey().startsWith(PurgeJobConfiguration.COUNT_PREFIX))
                    .forEach(entry -> parent.out().printf("Purged %s: %s%n",
                            entry.getKey().substring(PurgeJobConfiguration.COUNT_PREFIX.length()), entry.getValue()));
        }
        return status;
    }
}
