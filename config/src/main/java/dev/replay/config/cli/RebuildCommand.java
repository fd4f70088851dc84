package dev.replay.config.cli;

import dev.replay.jobs.launch.RebuildLauncher;
import dev.replay.jobs.rebuild.RebuildMode;
import java.util.concurrent.Callable;
import org.springframework.batch.core.job.JobExecution;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code rebuild <projection>}: a blue/green rebuild, or with {@code --catch-up} only what is new. */
@Command(name = "rebuild", mixinStandardHelpOptions = true,
        description = {"Rebuild a projection's read model from every event, into a fresh copy swapped in atomically.",
            "An unfinished rebuild of the same projection is resumed from its last committed chunk."})
class RebuildCommand implements Callable<Integer> {

    @ParentCommand
    ReplayCommand parent;

    @Parameters(index = "0", paramLabel = "<projection>", description = "The projection, e.g. account-balances.")
    String projection;

    @Option(names = "--catch-up", description = "Apply only events committed since the last completed run, into the live copy.")
    boolean catchUp;

    @Option(names = "--partitions", paramLabel = "N",
            description = {"Replay in N partitions by aggregate (hash of type and id), each with its own checkpoint;"
                + " per-aggregate projections only. Local threads or remote workers: replay.partitioning.mode."})
    Integer partitions;

    @Override
    public Integer call() throws Exception {
        RebuildLauncher launcher = parent.runtime().bean(RebuildLauncher.class);
        JobExecution execution;
        try {
            execution = launcher.run(projection, catchUp ? RebuildMode.CATCH_UP : RebuildMode.FULL, partitions);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        return JobOutcome.report(execution, parent.out());
    }
}
