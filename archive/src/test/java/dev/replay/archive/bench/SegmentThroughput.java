package dev.replay.archive.bench;

import dev.replay.archive.ArchiveFileSystems;
import dev.replay.archive.ArchiveLayout;
import dev.replay.archive.ParquetSegmentReader;
import dev.replay.archive.ParquetSegmentWriter;
import dev.replay.archive.SegmentInfo;
import dev.replay.archive.SegmentWriteOptions;
import dev.replay.archive.testing.SampleEvents;
import dev.replay.readers.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/**
 * Not a test: prints write, read and verify rates and bytes per event of one ZSTD segment on
 * {@code file:}. Run with the test classpath: {@code SegmentThroughput [events] [rounds]}.
 */
public final class SegmentThroughput {

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 400_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<Event> events = SampleEvents.oneDay(count, 42);
        long payloadBytes = events.stream().mapToLong(e -> e.payload().length()).sum();
        Path dir = Files.createTempDirectory("segment-throughput");
        ArchiveLayout layout = new ArchiveLayout(dir.resolve("archive").toUri());
        LocalDate day = ArchiveLayout.partitionDate(events.get(0).occurredAt());
        try (ArchiveFileSystems fileSystems = new ArchiveFileSystems(layout, null, dir.resolve("tmp"))) {
            for (int round = 0; round < rounds; round++) {
                long t0 = System.nanoTime();
                SegmentInfo info = ParquetSegmentWriter.write(fileSystems.fileSystem(), layout.segment(day, "bench", round),
                        day, SegmentWriteOptions.defaults(), events);
                long t1 = System.nanoTime();
                long read = 0;
                try (ParquetSegmentReader reader = ParquetSegmentReader.open(fileSystems.fileSystem(),
                        new org.apache.hadoop.fs.Path(info.path()))) {
                    while (reader.read() != null) {
                        read++;
                    }
                }
                long t2 = System.nanoTime();
                ParquetSegmentReader.verify(fileSystems.fileSystem(), info);
                long t3 = System.nanoTime();
                System.out.printf("round %d: %d events, %.1f MB (%.1f bytes/event, payload avg %.0f chars); "
                                + "write %.0f events/s, read %.0f events/s, verify %.0f events/s%n",
                        round, read, info.bytes() / 1e6, (double) info.bytes() / count, (double) payloadBytes / count,
                        count / ((t1 - t0) / 1e9), count / ((t2 - t1) / 1e9), count / ((t3 - t2) / 1e9));
            }
        }
    }
}
