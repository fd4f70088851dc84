package dev.replay.config.cli;

import dev.replay.jobs.launch.RollbackLauncher;
import dev.replay.jobs.launch.RollbackRefusedException;
import dev.replay.writers.RolledBackBuild;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code rollback <projection>}: swaps the previous kept copy back in. Exit status 2 when
 * {@code replay.rebuild.keep-copies} is 0 or no copy is kept (or not the one named), 1 when a
 * rebuild, catch-up or archive run is going on or the copy would not catch up exactly.
 */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = {"Swap a projection's previous kept copy back in, atomically, with the high-water mark it had;"
            + " the next 'rebuild --catch-up' applies what committed after it.",
            "Rolling back again goes one further back; --build names a kept copy (e.g. to undo a rollback).",
            "Needs replay.rebuild.keep-copies of 1 or more when the copy was retired."})
class RollbackCommand implements Callable<Integer> {

    @ParentCommand
    ReplayCommand parent;

    @Parameters(index = "0", paramLabel = "<projection>", description = "The projection, e.g. account-balances.")
    String projection;

    @Option(names = "--build", paramLabel = "N", description = "The kept copy to swap in (default: the newest older than the live build).")
    Long build;

    @Override
    public Integer call() {
        RolledBackBuild rolledBack;
        try {
            rolledBack = parent.runtime().bean(RollbackLauncher.class).rollback(projection, build);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        } catch (RollbackRefusedException e) {
            if (e.reason() == RollbackRefusedException.Reason.NOT_CONFIGURED
                    || e.reason() == RollbackRefusedException.Reason.NO_KEPT_COPY) {
                throw new UsageException(e.getMessage());
            }
            throw new CommandFailedException(e.getMessage());
        }
        parent.out().printf("Rollback [%s]: build %d is live again (high-water mark %s); build %d is kept."
                        + " Run 'rebuild %s --catch-up' to apply what committed since.%n", projection,
                rolledBack.liveBuild(), rolledBack.highWaterMark(), rolledBack.previousBuild(), projection);
        return ReplayCli.OK;
    }
}
