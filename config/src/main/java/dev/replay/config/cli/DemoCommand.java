package dev.replay.config.cli;

import dev.replay.config.ReplayProperties;
import dev.replay.readers.HotStoreSummary;
import dev.replay.readers.JdbcEventAppender;
import dev.replay.readers.sample.SampleEventSeeder;
import dev.replay.readers.sample.SeedSpec;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code demo}: on the embedded default (or any configured database), seeds a small sample data
 * set if the hot store is empty and shows what is there and where to look next.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Seed sample events into an empty hot store and show what is there.")
class DemoCommand implements Callable<Integer> {

    static final SeedSpec DEMO_DATA = new SeedSpec(50_000, 2_000, 60, 42, SeedCommand.DEFAULT_START);

    @ParentCommand
    ReplayCommand parent;

    @Override
    public Integer call() {
        ApplicationRuntime runtime = parent.runtime();
        DataSource dataSource = runtime.bean(DataSource.class);
        PrintStream out = parent.out();
        HotStoreSummary before = HotStoreSummary.read(dataSource);
        if (before.events() == 0) {
            out.printf("The hot store is empty: seeding %,d sample events for %,d accounts over %d days.%n",
                    DEMO_DATA.events(), DEMO_DATA.accounts(), DEMO_DATA.days());
            new SampleEventSeeder(new JdbcEventAppender(dataSource), runtime.bean(ReplayProperties.class).seedBatchSize(),
                runtime.bean(ReplayProperties.class).seedWriters())
                    .seed(DEMO_DATA, new Progress(parent.err(), "seed", DEMO_DATA.events())::update);
        } else {
            out.printf("The hot store already holds events; seeding nothing.%n");
        }
        print(out, HotStoreSummary.read(dataSource), runtime);
        return ReplayCli.OK;
    }

    private static void print(PrintStream out, HotStoreSummary summary, ApplicationRuntime runtime) {
        out.printf("%nHot store: %,d events of %,d aggregates, %s to %s, %,d MB on disk%n", summary.events(),
                summary.aggregates(), summary.first(), summary.last(), summary.tableBytes() / (1024 * 1024));
        summary.eventsByType().forEach((type, count) -> out.printf("  %-15s %,10d%n", type, count));
        String url = runtime.context().getEnvironment().getProperty("spring.datasource.url");
        out.printf("%nDatabase: %s%n", url == null || url.isBlank()
                ? "embedded PostgreSQL in " + runtime.bean(ReplayProperties.class).dataDir().toAbsolutePath()
                : "as configured by spring.datasource.url");
        out.printf("Next: 'jobs' lists job executions; 'seed --help' makes more data.%n");
    }
}
