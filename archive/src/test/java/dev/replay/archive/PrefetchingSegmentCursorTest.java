package dev.replay.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replay.archive.testing.SampleEvents;
import dev.replay.readers.AggregatePartition;
import dev.replay.readers.ArchivedSegmentRef;
import dev.replay.readers.Event;
import dev.replay.readers.EventCursor;
import dev.replay.readers.EventFilter;
import dev.replay.readers.EventKey;
import dev.replay.readers.ReadCounters;
import dev.replay.readers.ReadCounters.Tier;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A catalogued segment read for a merged replay: whole, positioned, filtered, failing, and what it counts as decoded. */
class PrefetchingSegmentCursorTest {

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

    private List<Event> readAll(ArchivedSegmentRef ref, EventKey startAfter, EventFilter filter) {
        List<Event> events = new ArrayList<>();
        try (EventCursor cursor = new PrefetchingSegmentCursor(fs, ref, startAfter, filter)) {
            for (Event event = cursor.next(); event != null; event = cursor.next()) {
                events.add(event);
            }
        }
        return events;
    }

    @Test
    void readsAWholeSegmentInOrderAndVerifiesItAgainstTheCatalog() {
        assertThat(readAll(segment, null, EventFilter.ALL)).containsExactlyElementsOf(EVENTS);
    }

    @Test
    void resumesStrictlyAfterAPosition() {
        // given
        EventKey position = EVENTS.get(12_345).key();

        // when / then
        assertThat(readAll(segment, position, EventFilter.ALL)).containsExactlyElementsOf(EVENTS.subList(12_346, EVENTS.size()));
    }

    @Test
    void returnsOnlyEventsPassingTheFilter() {
        // given
        EventFilter filter = new EventFilter(EVENTS.get(5_000).occurredAt(), EVENTS.get(15_000).occurredAt(),
                Set.of(), Set.of("Withdrawn"), Set.of());

        // when
        List<Event> read = readAll(segment, null, filter);

        // then
        assertThat(read).isNotEmpty().containsExactlyElementsOf(EVENTS.stream().filter(filter::matches).toList());
    }

    @Test
    void failsNamingTheSegmentWhenItsChecksumDiffersFromTheCatalog() {
        // given
        ArchivedSegmentRef tampered = new ArchivedSegmentRef(segment.path(), segment.firstKey(), segment.lastKey(),
                segment.rows(), "sha256:" + "0".repeat(64));

        // when / then
        assertThatThrownBy(() -> readAll(tampered, null, EventFilter.ALL))
                .isInstanceOf(SegmentVerificationException.class)
                .hasMessageContaining(segment.path()).hasMessageContaining("checksum expected sha256:000");
    }

    @Test
    void returnsOnlyItsPartitionsAggregatesAndStillVerifiesTheWholeSegment() {
        // given
        AggregatePartition partition = new AggregatePartition(2, 3);
        EventFilter filter = EventFilter.ALL.withPartition(partition);
        ArchivedSegmentRef tampered = new ArchivedSegmentRef(segment.path(), segment.firstKey(), segment.lastKey(),
                segment.rows(), "sha256:" + "0".repeat(64));

        // when
        List<Event> read = readAll(segment, null, filter);

        // then
        assertThat(read).isNotEmpty().containsExactlyElementsOf(EVENTS.stream()
                .filter(e -> partition.contains(e.aggregateType(), e.aggregateId())).toList());
        assertThatThrownBy(() -> readAll(tampered, null, filter))
                .isInstanceOf(SegmentVerificationException.class).hasMessageContaining("checksum expected sha256:000");
    }

    @Test
    void failsNamingTheSegmentWhenItsFileIsMissing() throws Exception {
        // given
        Files.delete(java.nio.file.Path.of(new java.net.URI(segment.path())));

        // when / then
        assertThatThrownBy(() -> readAll(segment, null, EventFilter.ALL)).hasMessageContaining(segment.path());
    }

    @Test
    void closesEarlyWithoutReadingTheRest() {
        // given
        EventCursor cursor = new PrefetchingSegmentCursor(fs, segment, null, EventFilter.ALL);

        // when
        Event first = cursor.next();
        cursor.close();
        cursor.close();

        // then
        assertThat(first).isEqualTo(EVENTS.get(0));
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
            returned = readAll(segment, null, EventFilter.ALL.withPartition(whole)).size();
            readAll(segment, position, EventFilter.ALL.withPartition(resumed));
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

    @org.junit.jupiter.api.Nested
    @org.junit.jupiter.api.DisplayName("Issue 12 review: every opened segment is checked against the catalog")
    class EveryOpenedSegmentIsChecked {

        @Test
        void aPositionedReadFailsBeforeAnyEventWhenTheCatalogsRowCountDiffers() {
            // given
            ArchivedSegmentRef tampered = new ArchivedSegmentRef(segment.path(), segment.firstKey(), segment.lastKey(),
                    segment.rows() + 1, segment.checksum());
            EventCursor cursor = new PrefetchingSegmentCursor(fs, tampered, EVENTS.get(12_345).key(), EventFilter.ALL);

            // when / then
            assertThatThrownBy(cursor::next)
                    .isInstanceOf(SegmentVerificationException.class).hasMessageContaining(segment.path())
                    .hasMessageContaining("rows: catalog " + (segment.rows() + 1) + ", footer " + segment.rows());
            cursor.close();
        }

        @Test
        void aFilteredReadFailsWhenTheCatalogsLastKeyDiffers() {
            // given
            EventKey wrong = EVENTS.get(EVENTS.size() - 2).key();
            ArchivedSegmentRef tampered = new ArchivedSegmentRef(segment.path(), segment.firstKey(), wrong,
                    segment.rows(), segment.checksum());
            EventFilter filter = new EventFilter(null, null, Set.of(), Set.of("Withdrawn"), Set.of());

            // when / then
            assertThatThrownBy(() -> readAll(tampered, null, filter))
                    .isInstanceOf(SegmentVerificationException.class).hasMessageContaining(segment.path())
                    .hasMessageContaining("last key: catalog " + wrong + ", footer " + segment.lastKey());
        }

        @Test
        void aPositionedReadFailsOnAPageThatFailsItsChecksum() throws Exception {
            // given: a byte flipped in the middle of the file, inside a data page
            java.nio.file.Path file = java.nio.file.Path.of(new java.net.URI(segment.path()));
            try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(file.toFile(), "rw")) {
                long at = raf.length() / 2;
                raf.seek(at);
                int value = raf.read();
                raf.seek(at);
                raf.write(value ^ 0xff);
            }

            // when / then
            assertThatThrownBy(() -> readAll(segment, EVENTS.get(100).key(), EventFilter.ALL))
                    .hasMessageContaining(segment.path());
        }
    }

    @org.junit.jupiter.api.Nested
    @DisplayName("Issue 15: a cursor that is one of N reading at once decodes ahead 1/N of a single stream's batches")
    class ReadAheadShares {

        /** Events handed to the queue once the decoding thread waits on it, the caller having taken one. */
        private long handedAheadAfterOneEvent(dev.replay.readers.ReadAheadShare share) throws InterruptedException {
            try (PrefetchingSegmentCursor cursor = new PrefetchingSegmentCursor(fs, segment, null, EventFilter.ALL, share)) {
                assertThat(cursor.next()).isEqualTo(EVENTS.get(0));
                long before = -1;
                long now = cursor.handedEvents();
                while (now != before) {
                    before = now;
                    Thread.sleep(300);
                    now = cursor.handedEvents();
                }
                return now;
            }
        }

        @Test
        void holdsTheCallersBatchAndTwoQueuedOfItsShare() throws InterruptedException {
            // when
            long whole = handedAheadAfterOneEvent(dev.replay.readers.ReadAheadShare.WHOLE);
            long quarter = handedAheadAfterOneEvent(new dev.replay.readers.ReadAheadShare(4));

            // then: the batch being consumed and two queued (the fourth, being filled, is not handed yet)
            assertThat(whole).isEqualTo(3L * PrefetchingSegmentCursor.BATCH);
            assertThat(quarter).isEqualTo(3L * PrefetchingSegmentCursor.BATCH / 4);
        }

        @Test
        void readsEveryEventOfAPartitionInOrderInSmallerBatches() {
            // given
            AggregatePartition partition = new AggregatePartition(1, 4);
            List<Event> read = new ArrayList<>();

            // when
            try (EventCursor cursor = new PrefetchingSegmentCursor(fs, segment, null, EventFilter.ALL.withPartition(partition),
                    new dev.replay.readers.ReadAheadShare(4))) {
                for (Event event = cursor.next(); event != null; event = cursor.next()) {
                    read.add(event);
                }
            }

            // then
            assertThat(read).isNotEmpty().containsExactlyElementsOf(EVENTS.stream()
                    .filter(e -> partition.contains(e.aggregateType(), e.aggregateId())).toList());
        }
    }
}
