package dev.replay.config.cli;

import dev.replay.config.ProjectionListing;
import dev.replay.config.ProjectionListing.Entry;
import dev.replay.jobs.rebuild.Projections;
import dev.replay.writers.ReadModelBuilds;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code projections}: one line per projection the application knows (built-in, from a plugin jar
 * or declared in SQL): name, source, handled event types ({@code *} for all), per-aggregate or
 * global, and the live build ({@code -} when none).
 */
@Command(name = "projections", mixinStandardHelpOptions = true,
        description = "List the projections: name, source (built-in, a plugin jar, sql), event types,"
                + " per-aggregate or global, live build.")
class ProjectionsCommand implements Callable<Integer> {

    @ParentCommand
    ReplayCommand parent;

    @Override
    public Integer call() {
        ApplicationRuntime runtime = parent.runtime();
        List<Entry> entries = new ProjectionListing(runtime.bean(Projections.class), runtime.bean(ReadModelBuilds.class)).list();
        PrintStream out = parent.out();
        String format = "%-24s %-24s %-40s %-13s %s%n";
        out.printf(format, "projection", "source", "event types", "partitioning", "live build");
        for (Entry e : entries) {
            out.printf(format, e.name(), e.source(), e.eventTypes().isEmpty() ? "*" : String.join(",", e.eventTypes()),
                    e.perAggregate() ? "per-aggregate" : "global", e.liveBuild() == null ? "-" : e.liveBuild());
        }
        return ReplayCli.OK;
    }
}
