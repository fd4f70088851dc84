package dev.replay.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replay.archive.testing.SampleEvents;
import dev.replay.readers.Event;
import dev.replay.readers.EventKey;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetSegmentTest {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 1);
    private static final List<Event> EVENTS = SampleEvents.oneDay(20_000, 7);

    @TempDir
    java.nio.file.Path dir;

    private ArchiveFileSystems fileSystems;
    private ArchiveLayout layout;
    private FileSystem fs;

    @BeforeEach
    void openFileSystem() {
        layout = new ArchiveLayout(dir.resolve("archive").toUri());
        fileSystems = new ArchiveFileSystems(layout, null, dir.resolve("tmp"));
        fs = fileSystems.fileSystem();
    }

    @AfterEach
    void closeFileSystem() {
        fileSystems.close();
    }

    private SegmentInfo write(List<Event> events, SegmentWriteOptions options) {
        return ParquetSegmentWriter.write(fs, layout.segment(DAY, "run1", 0), DAY, options, events);
    }

    private SegmentInfo write(List<Event> events) {
        return write(events, SegmentWriteOptions.defaults());
    }

    private static List<Event> readAll(ParquetSegmentReader reader) {
        List<Event> events = new ArrayList<>();
        for (Event event = reader.read(); event != null; event = reader.read()) {
            events.add(event);
        }
        return events;
    }

    private List<Event> read(SegmentInfo info, EventKey startAfter) {
        try (ParquetSegmentReader reader = ParquetSegmentReader.open(fs, new Path(info.path()), startAfter)) {
            return readAll(reader);
        }
    }

    @Nested
    class RoundTrip {

        @Test
        void describesTheWrittenSegment() {
            // when
            SegmentInfo info = write(EVENTS);

            // then
            java.nio.file.Path file = dir.resolve("archive/events/date=2026-11-01/seg-run1-0.parquet");
            assertThat(info.path()).isEqualTo(new Path(file.toUri()).toString()).startsWith("file:/");
            assertThat(info.partitionDate()).isEqualTo(DAY);
            assertThat(info.rows()).isEqualTo(EVENTS.size());
            assertThat(info.firstKey()).isEqualTo(EVENTS.get(0).key());
            assertThat(info.lastKey()).isEqualTo(EVENTS.get(EVENTS.size() - 1).key());
            assertThat(info.minOccurredAt()).isEqualTo(EVENTS.get(0).occurredAt());
            assertThat(info.maxOccurredAt()).isEqualTo(EVENTS.get(EVENTS.size() - 1).occurredAt());
            assertThat(info.bytes()).isEqualTo(file.toFile().length()).isPositive();
            assertThat(info.checksum()).matches("sha256:[0-9a-f]{64}");
            assertThat(file.getParent()).isDirectoryNotContaining("glob:**.crc");
        }

        @Test
        void readsBackExactlyTheEventsWritten() {
            // given
            SegmentInfo info = write(EVENTS, SegmentWriteOptions.defaults().withRowGroupRows(3000));

            // when
            List<Event> read = read(info, null);

            // then ids, versions, payload text and timestamps to the microsecond
            assertThat(read).containsExactlyElementsOf(EVENTS);
            assertThat(read).extracting(e -> e.occurredAt().getNano() % 1000).containsOnly(0);
            assertThat(EVENTS).extracting(e -> e.occurredAt().getNano() / 1000 % 1000).doesNotContainNull()
                    .anyMatch(micros -> micros != 0);
        }

        @Test
        void passesVerification() {
            // given
            SegmentInfo info = write(EVENTS);

            // when / then
            ParquetSegmentReader.verify(fs, info);
        }

        @Test
        void sameEventsGiveTheSameChecksumWhateverTheRowGroups() {
            // given
            SegmentInfo one = write(EVENTS);
            SegmentInfo other = ParquetSegmentWriter.write(fs, layout.segment(DAY, "run2", 0), DAY,
                    SegmentWriteOptions.defaults().withRowGroupRows(1000), EVENTS);

            // then
            assertThat(other.checksum()).isEqualTo(one.checksum());
        }

        @Test
        void keepsNonAsciiPayloadsAndSchemaVersions() {
            // given
            Instant at = Instant.parse("2026-11-01T10:15:30.123456Z");
            Event event = new Event(UUID.fromString("ffffffff-0000-4000-8000-000000000001"), "Konto", "ä-1", 3,
                    "Überwiesen", "{\"note\": \"Grüße 😀 \\\"quoted\\\"\"}", at, 2);

            // when
            SegmentInfo info = write(List.of(event));

            // then
            assertThat(read(info, null)).containsExactly(event);
        }

        @Test
        void refusesToOverwriteAnExistingSegment() {
            // given
            SegmentInfo info = write(EVENTS);

            // when / then
            assertThatThrownBy(() -> write(EVENTS))
                    .isInstanceOf(SegmentStorageException.class)
                    .hasMessageContaining(info.path());
            ParquetSegmentReader.verify(fs, info);
        }
    }

    @Nested
    class Ordering {

        @Test
        void refusesUnsortedEventsNamingBothKeys() {
            // given
            List<Event> swapped = new ArrayList<>(EVENTS.subList(0, 10));
            Event fifth = swapped.get(5);
            swapped.set(5, swapped.get(4));
            swapped.set(4, fifth);

            // when / then
            assertThatThrownBy(() -> write(swapped))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("seg-run1-0.parquet")
                    .hasMessageContaining("key " + EVENTS.get(4).key() + " came after " + EVENTS.get(5).key());
        }

        @Test
        void refusesADuplicateEvent() {
            // given
            List<Event> duplicated = List.of(EVENTS.get(0), EVENTS.get(1), EVENTS.get(1));

            // when / then
            assertThatThrownBy(() -> write(duplicated))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("key " + EVENTS.get(1).key() + " came after " + EVENTS.get(1).key());
        }

        @Test
        void leavesNoFileBehindWhenRefused() {
            // given
            List<Event> unsorted = List.of(EVENTS.get(1), EVENTS.get(0));

            // when
            assertThatThrownBy(() -> write(unsorted)).isInstanceOf(IllegalArgumentException.class);

            // then
            assertThat(fileSystems.orphans(java.util.Set.of())).isEmpty();
        }

        @Test
        void refusesAnEventOfAnotherDay() {
            // given
            Event nextDay = new Event(UUID.randomUUID(), "Account", "a-1", 1, "AccountOpened", "{}",
                    Instant.parse("2026-11-02T00:00:00Z"));

            // when / then
            assertThatThrownBy(() -> write(List.of(EVENTS.get(0), nextDay)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(nextDay.key().toString())
                    .hasMessageContaining("date=2026-11-01");
        }

        @Test
        void refusesAnEmptySegment() {
            assertThatThrownBy(() -> write(List.of()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("has no events");
        }
    }

    @Nested
    class LowerBound {

        private SegmentInfo info;

        @BeforeEach
        void writeSmallRowGroups() {
            info = write(EVENTS, SegmentWriteOptions.defaults().withRowGroupRows(1000));
        }

        @Test
        void skipsExactlyTheEventsUpToTheBound() {
            // when
            List<Event> read = read(info, EVENTS.get(12_345).key());

            // then
            assertThat(read).containsExactlyElementsOf(EVENTS.subList(12_346, EVENTS.size()));
        }

        @Test
        void resumesInsideATieOfTimestamps() {
            // given an event that shares its timestamp with the next one
            int tie = 1;
            while (!EVENTS.get(tie).occurredAt().equals(EVENTS.get(tie + 1).occurredAt())) {
                tie++;
            }

            // when
            List<Event> read = read(info, EVENTS.get(tie).key());

            // then
            assertThat(read).containsExactlyElementsOf(EVENTS.subList(tie + 1, EVENTS.size()));
        }

        @Test
        void neverReadsTheRowGroupsBeforeTheBound() throws Exception {
            // given the first row group's first page corrupted (its CRC no longer matches)
            java.nio.file.Path file = java.nio.file.Path.of(new Path(info.path()).toUri());
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                raf.seek(64);
                raf.write(new byte[64]);
            }
            EventKey inLastRowGroup = EVENTS.get(19_500).key();

            // when / then the skipped group is not read, a full read meets the damage
            assertThat(read(info, inLastRowGroup)).containsExactlyElementsOf(EVENTS.subList(19_501, EVENTS.size()));
            assertThatThrownBy(() -> read(info, null))
                    .isInstanceOf(SegmentVerificationException.class)
                    .hasMessageContaining(info.path());
        }

        @Test
        void readsEverythingFromBeforeTheFirstAndNothingFromTheLast() {
            EventKey beforeFirst = new EventKey(EVENTS.get(0).occurredAt().minusSeconds(1), 1, UUID.randomUUID());

            assertThat(read(info, beforeFirst)).containsExactlyElementsOf(EVENTS);
            assertThat(read(info, info.lastKey())).isEmpty();
        }
    }

    @Nested
    class Verification {

        private SegmentInfo info;
        private java.nio.file.Path file;

        @BeforeEach
        void writeSegment() {
            info = write(EVENTS);
            file = java.nio.file.Path.of(new Path(info.path()).toUri());
        }

        @Test
        void failsOnAWrongChecksumNamingPathAndBothValues() {
            // given
            String wrong = "sha256:" + "0".repeat(64);
            SegmentInfo claimed = new SegmentInfo(info.path(), info.partitionDate(), info.rows(), info.firstKey(),
                    info.lastKey(), info.minOccurredAt(), info.maxOccurredAt(), info.bytes(), wrong);

            // when / then
            assertThatThrownBy(() -> ParquetSegmentReader.verify(fs, claimed))
                    .isInstanceOf(SegmentVerificationException.class)
                    .hasMessageContaining(info.path())
                    .hasMessageContaining("checksum expected " + wrong + ", found " + info.checksum());
        }

        @Test
        void failsOnAWrongRowCountAndLastKey() {
            // given
            SegmentInfo claimed = new SegmentInfo(info.path(), info.partitionDate(), info.rows() + 1, info.firstKey(),
                    EVENTS.get(EVENTS.size() - 2).key(), info.minOccurredAt(), info.maxOccurredAt(), info.bytes(),
                    info.checksum());

            // when / then
            assertThatThrownBy(() -> ParquetSegmentReader.verify(fs, claimed))
                    .isInstanceOf(SegmentVerificationException.class)
                    .hasMessageContaining("rows expected " + (info.rows() + 1) + ", found " + info.rows())
                    .hasMessageContaining("last key expected " + EVENTS.get(EVENTS.size() - 2).key());
        }

        @Test
        void failsOnFlippedBytesNamingThePath() throws Exception {
            // given bytes flipped in the middle of the data
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                for (long at = raf.length() / 3; at < raf.length() / 3 + 64; at++) {
                    raf.seek(at);
                    int b = raf.read();
                    raf.seek(at);
                    raf.write(b ^ 0xFF);
                }
            }

            // when / then
            assertThatThrownBy(() -> ParquetSegmentReader.verify(fs, info))
                    .isInstanceOf(SegmentVerificationException.class)
                    .hasMessageContaining(info.path());
        }

        @Test
        void failsOnATruncatedFileNamingThePath() throws Exception {
            // given
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                raf.setLength(raf.length() / 2);
            }

            // when / then
            assertThatThrownBy(() -> ParquetSegmentReader.verify(fs, info))
                    .isInstanceOf(SegmentVerificationException.class)
                    .hasMessageContaining(info.path());
        }

        @Test
        void failsOnAMissingFileNamingThePath() throws Exception {
            // given
            Files.delete(file);

            // when / then
            assertThatThrownBy(() -> ParquetSegmentReader.verify(fs, info))
                    .isInstanceOf(SegmentVerificationException.class)
                    .hasMessageContaining(info.path());
        }
    }
}
