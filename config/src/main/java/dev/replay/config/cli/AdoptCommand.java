package dev.replay.config.cli;

import dev.replay.config.InvalidConfigurationException;
import dev.replay.readers.HotStoreAdoption;
import dev.replay.readers.HotStoreMappingException;
import dev.replay.readers.HotStoreTable;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code adopt}: makes the mapped hot store table ({@code replay.hot.table}) ready for replays with
 * {@link HotStoreAdoption}, printing every statement before it runs; {@code --dry-run} prints them
 * only. A table already adopted is left as it is, and the default table needs nothing.
 */
@Command(name = "adopt", mixinStandardHelpOptions = true,
        description = {"Make your own events table (replay.hot.table, replay.hot.columns.*) ready for replays:"
            + " adds the commit-order column replay_tx_id (no table rewrite; existing rows count as committed"
            + " before every run) and, concurrently, the replay-order and commit-order indexes.",
            "Prints every statement; a second adopt does nothing."})
class AdoptCommand implements Callable<Integer> {

    @ParentCommand
    ReplayCommand parent;

    @Option(names = "--dry-run", description = "Print the statements only; change nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        ApplicationRuntime runtime = parent.runtime().adopting();
        PrintStream out = parent.out();
        HotStoreTable table = runtime.bean(HotStoreTable.class);
        if (table.isDefault()) {
            out.println("The hot store is the platform's own events table: nothing to adopt"
                    + " (adopt is for a table of your own, named by replay.hot.table)");
            return ReplayCli.OK;
        }
        HotStoreAdoption adoption = new HotStoreAdoption(runtime.bean(DataSource.class), table);
        List<String> statements = plan(adoption);
        if (statements.isEmpty()) {
            out.printf("Table %s is already adopted: nothing to do%n", table);
            return ReplayCli.OK;
        }
        if (dryRun) {
            out.printf("Adopting %s would run (--dry-run: nothing changed):%n", table);
            statements.forEach(statement -> out.println("  " + statement + ";"));
            return ReplayCli.OK;
        }
        out.printf("Adopting %s:%n", table);
        adoption.apply(statements, statement -> out.println("  " + statement + ";"));
        out.printf("Adopted %s: rebuilds, catch-ups, exports and archival can run on it%n", table);
        return ReplayCli.OK;
    }

    private static List<String> plan(HotStoreAdoption adoption) {
        try {
            return adoption.plan();
        } catch (HotStoreMappingException e) {
            throw new InvalidConfigurationException(e.getMessage(), e);
        }
    }
}
