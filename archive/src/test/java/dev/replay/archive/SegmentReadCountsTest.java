package dev.replay.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.archive.testing.SampleEvents;
import dev.replay.readers.AggregatePartition;
import dev.replay.readers.ArchivedSegmentRef;
import dev.replay.readers.Event;
import dev.replay.readers.EventCursor;
import dev.replay.readers.EventFilter;
import dev.replay.readers.EventKey;
import dev.replay.readers.ReadCounters;
import dev.replay.readers.ReadCounters.Tier;
import java.time.LocalDate;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a partition's read of a segment counts as decoded ({@link ReadCounters}): every row decoded, before its filter. */
class SegmentReadCountsTest {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 1);
    private static final List<Event> EVENTS = SampleEvents.oneDay(20_000, 11);

    @TempDir
    java.nio.file.Path dir;

    private ArchiveFileSystems fileSystems;
    private FileSystem fs;
    private ArchivedSegmentRef segment;

    @BeforeEach
    void writeSegment() {
        ArchiveLayout layout = new ArchiveLayout(dir.resolve("archive").toUri());
        fileSystems = new ArchiveFileSystems(layout, null, dir.resolve("tmp"));
        fs = fileSystems.fileSystem();
        SegmentInfo info = ParquetSegmentWriter.write(fs, layout.segment(DAY, "run1", 0), DAY,
                SegmentWriteOptions.defaults().withRowGroupRows(3000), EVENTS);
        segment = new ArchivedSegmentRef(info.path(), info.firstKey(), info.lastKey(), info.rows(), info.checksum());
    }

    @AfterEach
    void close() {
        fileSystems.close();
    }

    private long read(EventKey startAfter, AggregatePartition partition) {
        long returned = 0;
        try (EventCursor cursor = new PrefetchingSegmentCursor(fs, segment, startAfter,
                EventFilter.ALL.withPartition(partition))) {
            for (Event event = cursor.next(); event != null; event = cursor.next()) {
                returned++;
            }
        }
        return returned;
    }

    @Test
    @DisplayName("Issue 15: a partition's read of a segment counts every row it decoded, under its partition")
    void countsEveryDecodedRowUnderThePartition() {
        // given
        AggregatePartition whole = new AggregatePartition(1, 4);
        AggregatePartition resumed = new AggregatePartition(2, 4);
        long partitionEvents = EVENTS.stream().filter(e -> whole.contains(e.aggregateType(), e.aggregateId())).count();
        EventKey position = EVENTS.get(12_345).key();

        // when: a whole read (every row decoded for the checksum), and a read resumed after a position
        ReadCounters counters = ReadCounters.start();
        long returned;
        try {
            returned = read(null, whole);
            read(position, resumed);
        } finally {
            counters.close();
        }

        // then: the whole read decoded all 20,000 rows and kept its partition's; the resumed one decoded
        // at least the rows after the position, and not the row groups wholly before its instant
        assertThat(returned).isEqualTo(partitionEvents);
        assertThat(counters.rows(Tier.ARCHIVE).get(whole)).isEqualTo(EVENTS.size());
        assertThat(counters.rows(Tier.ARCHIVE).get(resumed)).isBetween((long) EVENTS.size() - 12_346, EVENTS.size() - 9_000L);
        assertThat(counters.rows(Tier.HOT)).isEmpty();
    }
}
