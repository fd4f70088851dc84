package dev.replay.config.cli;

import dev.replay.jobs.rebuild.Projections;
import dev.replay.writers.DeadLetter;
import dev.replay.writers.DeadLetters;
import java.io.PrintStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code dead-letters}: the events projections could not apply (recorded with
 * {@code replay.skip-invalid}), newest first, each with its reason. Exit 2 for an unknown projection
 * or a limit below 1.
 */
@Command(name = "dead-letters", mixinStandardHelpOptions = true,
        description = "List the events projections dead-lettered (replay.skip-invalid), newest first, with the reason.")
class DeadLettersCommand implements Callable<Integer> {

    static final int MAX_LIMIT = 10_000;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    @ParentCommand
    ReplayCommand parent;

    @Option(names = "--projection", description = "Only this projection's dead letters.")
    String projection;

    @Option(names = "--limit", defaultValue = "50", description = "How many, newest first (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new UsageException("--limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        ApplicationRuntime runtime = parent.runtime();
        Projections projections = runtime.bean(Projections.class);
        if (projection != null && !projections.names().contains(projection)) {
            throw new UsageException("Unknown projection '" + projection + "', known: " + projections.names());
        }
        List<DeadLetter> letters = new DeadLetters(runtime.bean(DataSource.class)).newest(projection, limit);
        PrintStream out = parent.out();
        if (letters.isEmpty()) {
            out.println(projection == null ? "No dead letters." : "No dead letters of projection " + projection + ".");
            return ReplayCli.OK;
        }
        out.printf("%-20s %-20s %-36s %-16s %-24s %8s  %s%n", "FAILED AT", "PROJECTION", "EVENT", "TYPE", "AGGREGATE",
                "VERSION", "REASON");
        for (DeadLetter letter : letters) {
            out.printf("%-20s %-20s %-36s %-16s %-24s %8d  %s%n", TIME.format(letter.failedAt()), letter.projection(),
                    letter.eventId(), letter.eventType(), letter.aggregateType() + " " + letter.aggregateId(),
                    letter.version(), letter.error().lines().findFirst().orElse(""));
        }
        return ReplayCli.OK;
    }
}
