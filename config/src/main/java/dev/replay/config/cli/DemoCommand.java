package dev.replay.config.cli;

import dev.replay.archive.ArchiveCatalog;
import dev.replay.archive.ArchiveLayout;
import dev.replay.archive.ArchivedSegment;
import dev.replay.config.ReplayProperties;
import dev.replay.jobs.launch.ArchiveLauncher;
import dev.replay.jobs.launch.RebuildLauncher;
import dev.replay.jobs.rebuild.RebuildMode;
import dev.replay.readers.HotStore;
import dev.replay.readers.HotStoreSummary;
import dev.replay.readers.sample.SeedSpec;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code demo}: on the embedded default (or any configured database), seeds a small sample data
 * set if the hot store is empty and archives its older half to Parquet segments, shows what is
 * where, rebuilds {@code account-balances} over archive and hot store and shows a few balances
 * and where to look next. Only data the demo seeded itself is archived.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Seed sample events into an empty hot store, archive the older half to Parquet,",
            "rebuild account-balances over archive and hot store, and show the result."})
class DemoCommand implements Callable<Integer> {

    static final SeedSpec DEMO_DATA = new SeedSpec(50_000, 2_000, 60, 42, SeedCommand.DEFAULT_START);
    static final Instant ARCHIVE_BEFORE = DEMO_DATA.start().plus(Duration.ofDays(DEMO_DATA.days() / 2));

    @ParentCommand
    ReplayCommand parent;

    @Override
    public Integer call() throws Exception {
        ApplicationRuntime runtime = parent.runtime();
        DataSource dataSource = runtime.bean(DataSource.class);
        PrintStream out = parent.out();
        HotStoreSummary before = runtime.bean(HotStore.class).summary();
        boolean seeded = before.events() == 0 && runtime.bean(ArchiveCatalog.class).list().isEmpty();
        if (seeded) {
            out.printf("The hot store is empty: seeding %,d sample events for %,d accounts over %d days.%n",
                    DEMO_DATA.events(), DEMO_DATA.accounts(), DEMO_DATA.days());
            SampleData.seed(parent, DEMO_DATA);
            out.printf("%nArchiving the events before %s (the older half) to Parquet segments:%n", ARCHIVE_BEFORE);
            int status = JobOutcome.report(runtime.bean(ArchiveLauncher.class).run(ARCHIVE_BEFORE), out);
            if (status != ReplayCli.OK) {
                return status;
            }
        } else {
            out.printf("The hot store or the archive already holds events; seeding and archiving nothing.%n");
        }
        print(out, runtime.bean(HotStore.class).summary(), runtime);
        printArchive(out, runtime);
        out.printf("%nRebuilding the account-balances projection over archive and hot store"
                + " (a Spring Batch job, blue/green):%n");
        int status = JobOutcome.report(runtime.bean(RebuildLauncher.class).run("account-balances", RebuildMode.FULL), out);
        printBalances(out, dataSource);
        out.printf("%nNext: 'jobs' lists the job executions; 'segments' the archive catalog; 'verify' checks both tiers;"
                + " 'serve' opens the dashboard on http://127.0.0.1:8080/; 'rebuild account-balances --catch-up'"
                + " applies new events; 'seed --help' makes more data.%n");
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

    private static void printArchive(PrintStream out, ApplicationRuntime runtime) {
        List<ArchivedSegment> segments = runtime.bean(ArchiveCatalog.class).list();
        long rows = segments.stream().mapToLong(s -> s.info().rows()).sum();
        long bytes = segments.stream().mapToLong(s -> s.info().bytes()).sum();
        out.printf("Archive: %,d events in %,d Parquet segments, %,d KB, at %s%n", rows, segments.size(), bytes / 1024,
                runtime.bean(ArchiveLayout.class));
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
