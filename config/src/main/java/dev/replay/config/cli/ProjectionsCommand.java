package dev.replay.config.cli;

import dev.replay.config.ProjectionListing;
import dev.replay.config.ProjectionListing.Entry;
import dev.replay.config.ProjectionListing.Run;
import dev.replay.jobs.rebuild.Projections;
import dev.replay.readers.HotStore;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code projections}: one line per projection the application knows (built-in, from a plugin jar
 * or declared in SQL): name, source, handled event types ({@code *} for all), per-aggregate or
 * global, and the live build ({@code -} when none); then, per projection, its status: since when
 * the build is live, its high-water mark, lag, dead letters, kept copies and its last completed
 * full rebuild and catch-up. {@code --json} prints what {@code GET /api/projections} answers.
 */
@Command(name = "projections", mixinStandardHelpOptions = true,
        description = "List the projections: name, source (built-in, a plugin jar, sql), event types,"
                + " per-aggregate or global, live build; then each one's status: live since, high-water mark,"
                + " lag (handled events committed after the mark), dead letters, last full rebuild and catch-up.")
class ProjectionsCommand implements Callable<Integer> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    @ParentCommand
    ReplayCommand parent;

    @Option(names = "--json", description = "Print the projections as a JSON array, as GET /api/projections does.")
    boolean json;

    @Override
    public Integer call() {
        ApplicationRuntime runtime = parent.runtime();
        List<Entry> entries = new ProjectionListing(runtime.bean(Projections.class), runtime.bean(HotStore.class)).list();
        PrintStream out = parent.out();
        if (json) {
            out.println(JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(entries));
            return ReplayCli.OK;
        }
        String format = "%-24s %-24s %-40s %-13s %s%n";
        out.printf(format, "projection", "source", "event types", "partitioning", "live build");
        for (Entry e : entries) {
            out.printf(format, e.name(), e.source(), e.eventTypes().isEmpty() ? "*" : String.join(",", e.eventTypes()),
                    e.perAggregate() ? "per-aggregate" : "global", e.liveBuild() == null ? "-" : e.liveBuild());
        }
        entries.forEach(e -> status(out, e));
        return ReplayCli.OK;
    }

    private static void status(PrintStream out, Entry e) {
        out.println();
        if (e.liveBuild() == null) {
            out.printf("%s: never built (no live build); dead letters %,d%n", e.name(), e.deadLetters());
            return;
        }
        out.printf("%s: build %d live since %s, high-water mark %s%n", e.name(), e.liveBuild(), time(e.liveSince()),
                e.highWaterMark() == null ? "-" : e.highWaterMark());
        out.printf("  lag %s events, dead letters %,d, kept copies %s%n",
                e.lagEvents() == null ? "-" : String.format("%,d", e.lagEvents()), e.deadLetters(),
                e.keptCopies().isEmpty() ? "-" : e.keptCopies().toString().replaceAll("[\\[\\]]", ""));
        out.printf("  last full      %s%n", run(e.lastFull()));
        out.printf("  last catch-up  %s%n", run(e.lastCatchUp()));
    }

    private static String run(Run run) {
        if (run == null) {
            return "-";
        }
        String rate = run.eventsPerSecond() == null ? "-" : String.format("%,.0f/s", run.eventsPerSecond());
        String duration = run.durationSeconds() == null ? "-"
                : JobsCommand.format(Duration.ofMillis(Math.round(run.durationSeconds() * 1000)));
        return String.format("execution %d, build %d, ended %s, %s, %,d events, %s", run.executionId(), run.build(),
                time(run.endedAt()), duration, run.events(), rate);
    }

    private static String time(Instant instant) {
        return instant == null ? "-" : TIME.format(instant);
    }
}
