package dev.replay.config.cli;

import dev.replay.archive.ArchiveCatalog;
import dev.replay.archive.ArchiveLayout;
import dev.replay.archive.ArchivedSegment;
import java.io.PrintStream;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import dev.replay.readers.HotStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code segments}: the archive catalog per partition (segments, rows, bytes), the totals, and the
 * archive's bytes per event against the hot store's (table and indexes).
 */
@Command(name = "segments", mixinStandardHelpOptions = true,
        description = "List the archive catalog: partitions, segments, rows, bytes, and the compression against the hot store.")
class SegmentsCommand implements Callable<Integer> {

    @ParentCommand
    ReplayCommand parent;

    private record Partition(long segments, long rows, long bytes) {
        Partition plus(ArchivedSegment segment) {
            return new Partition(segments + 1, rows + segment.info().rows(), bytes + segment.info().bytes());
        }
    }

    @Override
    public Integer call() {
        ApplicationRuntime runtime = parent.runtime();
        PrintStream out = parent.out();
        List<ArchivedSegment> segments = runtime.bean(ArchiveCatalog.class).list();
        Map<LocalDate, Partition> partitions = new TreeMap<>();
        segments.forEach(s -> partitions.merge(s.info().partitionDate(), new Partition(0, 0, 0).plus(s),
                (a, b) -> new Partition(a.segments + b.segments, a.rows + b.rows, a.bytes + b.bytes)));
        out.printf("Archive: %s%n", runtime.bean(ArchiveLayout.class));
        out.printf("  %-12s %9s %14s %16s%n", "partition", "segments", "rows", "bytes");
        partitions.forEach((date, p) -> out.printf("  %-12s %,9d %,14d %,16d%n", date, p.segments, p.rows, p.bytes));
        Partition total = partitions.values().stream().reduce(new Partition(0, 0, 0),
                (a, b) -> new Partition(a.segments + b.segments, a.rows + b.rows, a.bytes + b.bytes));
        out.printf("  %-12s %,9d %,14d %,16d%n", "total", total.segments, total.rows, total.bytes);
        printRatio(out, total, runtime.bean(HotStore.class).size());
        return ReplayCli.OK;
    }

    private static void printRatio(PrintStream out, Partition archive, HotStore.Size hot) {
        long events = hot.events();
        long bytes = hot.bytes();
        if (archive.rows == 0 || events == 0) {
            out.printf("Compression: n/a (%s is empty)%n", archive.rows == 0 ? "the archive" : "the hot store");
            return;
        }
        double hotPerEvent = (double) bytes / events;
        double archivePerEvent = (double) archive.bytes / archive.rows;
        out.printf("Compression: %.1f bytes/event archived against %.1f bytes/event in the hot store"
                + " (table and indexes): ratio %.1f:1%n", archivePerEvent, hotPerEvent, hotPerEvent / archivePerEvent);
    }
}
