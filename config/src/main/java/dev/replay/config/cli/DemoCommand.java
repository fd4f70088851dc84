package dev.replay.config.cli;

import dev.replay.config.ReplayProperties;
import dev.replay.jobs.launch.RebuildLauncher;
import dev.replay.jobs.rebuild.RebuildMode;
import dev.replay.readers.HotStoreSummary;
import dev.replay.readers.sample.SeedSpec;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code demo}: on the embedded default (or any configured database), seeds a small sample data
 * set if the hot store is empty, shows what is there, rebuilds {@code account-balances} and shows
 * a few balances and where to look next.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Seed sample events into an empty hot store, rebuild account-balances and show the result.")
class DemoCommand implements Callable<Integer> {

    static final SeedSpec DEMO_DATA = new SeedSpec(50_000, 2_000, 60, 42, SeedCommand.DEFAULT_START);

    @ParentCommand
    ReplayCommand parent;

    @Override
    public Integer call() throws Exception {
        ApplicationRuntime runtime = parent.runtime();
        DataSource dataSource = runtime.bean(DataSource.class);
        PrintStream out = parent.out();
        HotStoreSummary before = HotStoreSummary.read(dataSource);
        if (before.events() == 0) {
            out.printf("The hot store is empty: seeding %,d sample events for %,d accounts over %d days.%n",
                    DEMO_DATA.events(), DEMO_DATA.accounts(), DEMO_DATA.days());
            SampleData.seed(parent, DEMO_DATA);
        } else {
            out.printf("The hot store already holds events; seeding nothing.%n");
        }
        print(out, HotStoreSummary.read(dataSource), runtime);
        out.printf("%nRebuilding the account-balances projection (a Spring Batch job, blue/green):%n");
        int status = JobOutcome.report(runtime.bean(RebuildLauncher.class).run("account-balances", RebuildMode.FULL), out);
        printBalances(out, dataSource);
        out.printf("%nNext: 'jobs' lists the job executions; 'rebuild account-balances --catch-up' applies new events;"
                + " 'seed --help' makes more data.%n");
        return status;
    }

    private static void printBalances(PrintStream out, DataSource dataSource) {
        out.printf("%nA few rows of account_balance (a view over the live copy):%n");
        out.printf("  %-16s %14s %-7s %8s  %s%n", "account_id", "balance", "status", "version", "updated_at");
        new JdbcTemplate(dataSource).query("select account_id, balance, status, version, updated_at from account_balance"
                + " order by balance desc, account_id limit 5", rs -> {
                    out.printf("  %-16s %,14.2f %-7s %8d  %s%n", rs.getString(1), rs.getBigDecimal(2), rs.getString(3),
                            rs.getLong(4), rs.getTimestamp(5).toInstant());
                });
    }

    private static void print(PrintStream out, HotStoreSummary summary, ApplicationRuntime runtime) {
        out.printf("%nHot store: %,d events of %,d aggregates, %s to %s, %,d MB on disk%n", summary.events(),
                summary.aggregates(), summary.first(), summary.last(), summary.tableBytes() / (1024 * 1024));
        summary.eventsByType().forEach((type, count) -> out.printf("  %-15s %,10d%n", type, count));
        String url = runtime.context().getEnvironment().getProperty("spring.datasource.url");
        out.printf("%nDatabase: %s%n", url == null || url.isBlank()
                ? "embedded PostgreSQL in " + runtime.bean(ReplayProperties.class).dataDir().toAbsolutePath()
                : "as configured by spring.datasource.url");
    }
}
