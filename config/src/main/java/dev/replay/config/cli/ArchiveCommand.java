package dev.replay.config.cli;

import dev.replay.archive.ArchiveLayout;
import dev.replay.jobs.archive.ArchiveJobConfiguration;
import dev.replay.archive.ArchiveOrphanCleanup;
import dev.replay.jobs.launch.ArchiveLauncher;
import dev.replay.config.DurationText;
import dev.replay.config.InstantText;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.springframework.batch.core.job.JobExecution;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code archive}: moves events older than a cutoff from the hot store into Parquet segments;
 * {@code archive --cleanup} only deletes orphan segment files.
 */
@Command(name = "archive", mixinStandardHelpOptions = true,
        description = {"Move events older than a cutoff from the hot store to Parquet segments at replay.archive.uri:",
            "each segment is written, read back and verified, then catalogued and its events deleted in one transaction.",
            "An unfinished archive run is resumed first."})
class ArchiveCommand implements Callable<Integer> {

    @ParentCommand
    ReplayCommand parent;

    @Option(names = "--older-than", paramLabel = "<duration>", converter = DurationConverter.class,
            description = "Archive events older than this, e.g. 90d, 12h, 30m, PT12H (a bare number counts days).")
    Duration olderThan;

    @Option(names = "--before", paramLabel = "<instant>", converter = InstantConverter.class,
            description = "Archive events before this instant or UTC date, e.g. 2026-01-01T00:00:00Z.")
    Instant before;

    @Option(names = "--cleanup", description = "Only delete orphan segment files (written but never catalogued).")
    boolean cleanup;

    @Option(names = "--list", description = "Only list the archive catalog, as 'segments' does.")
    boolean list;

    @Override
    public Integer call() throws Exception {
        if (list) {
            if (olderThan != null || before != null || cleanup) {
                throw new UsageException("--list takes none of --older-than, --before or --cleanup");
            }
            SegmentsCommand segments = new SegmentsCommand();
            segments.parent = parent;
            return segments.call();
        }
        if (cleanup) {
            if (olderThan != null || before != null) {
                throw new UsageException("--cleanup takes neither --older-than nor --before");
            }
            return cleanup();
        }
        Instant cutoff = cutoff(Instant.now());
        ApplicationRuntime runtime = parent.runtime();
        JobExecution execution = runtime.bean(ArchiveLauncher.class).run(cutoff);
        int status = JobOutcome.report(execution, parent.out());
        if (execution.getExecutionContext().containsKey(ArchiveJobConfiguration.HELD_BACK)) {
            parent.out().printf("Archive %s%n", execution.getExecutionContext().getString(ArchiveJobConfiguration.HELD_BACK));
        }
        parent.out().printf("Archive: %s ('segments' lists it)%n", runtime.bean(ArchiveLayout.class));
        return status;
    }

    private int cleanup() {
        ArchiveOrphanCleanup.Result result = parent.runtime().bean(ArchiveLauncher.class).cleanup();
        result.deleted().forEach(path -> parent.out().printf("deleted orphan %s%n", path));
        result.kept().forEach(path -> parent.out().printf("kept %s: not catalogued, but its name carries no store id%n",
                path));
        parent.out().printf("Archive cleanup: %d orphan segment file(s) deleted%s%n", result.deleted().size(),
                result.kept().isEmpty() ? "" : ", " + result.kept().size() + " legacy file(s) kept");
        return ReplayCli.OK;
    }

    Instant cutoff(Instant now) {
        if ((olderThan == null) == (before == null)) {
            throw new UsageException("archive needs exactly one of --older-than <duration> or --before <instant>"
                    + (olderThan != null ? ", was both" : ""));
        }
        if (olderThan != null) {
            return now.minus(olderThan);
        }
        return before; // a future cutoff is allowed: the high-water mark still bounds the run
    }

    /**
     * A positive duration ({@code 90d}, {@code 12h}, {@code PT12H}); a usage error naming {@code --older-than}.
     * For commands that take the option as text; this one converts it with {@link DurationConverter}.
     */
    static Duration duration(String text) {
        try {
            return DurationText.positive("--older-than", text);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** An instant, or a date meaning its start in UTC; a usage error naming {@code option} otherwise. */
    static Instant instant(String option, String text) {
        try {
            return InstantText.parse(option, text);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
