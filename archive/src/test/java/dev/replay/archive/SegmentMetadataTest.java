package dev.replay.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replay.archive.testing.SampleEvents;
import dev.replay.readers.ArchivedSegmentRef;
import dev.replay.readers.Event;
import dev.replay.readers.EventCursor;
import dev.replay.readers.EventFilter;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Segments carry each event's metadata and schema version (format 2), and segments written
 * before metadata existed (format 1, a committed file) stay readable and verifiable.
 */
@DisplayName("Issue 12 defect 2: segments keep metadata")
class SegmentMetadataTest {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 1);

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

    /** Metadata on two events in three, schema version 2 on even versions. */
    private static List<Event> withMetadata(List<Event> events) {
        return events.stream().map(e -> withMetadata(e, e.version() % 3 == 0 ? null
                : "{\"correlation_id\": \"" + e.eventId() + "\", \"user\": \"Zoë, \\\"admin\\\"\"}")).toList();
    }

    private static Event withMetadata(Event e, String metadata) {
        return new Event(e.eventId(), e.aggregateType(), e.aggregateId(), e.version(), e.eventType(), e.payload(),
                e.occurredAt(), e.version() % 2 == 0 ? 2 : 1, metadata);
    }

    private static List<Event> readAll(FileSystem fs, String path) {
        List<Event> events = new ArrayList<>();
        try (ParquetSegmentReader reader = ParquetSegmentReader.open(fs, new Path(path))) {
            for (Event event = reader.read(); event != null; event = reader.read()) {
                events.add(event);
            }
        }
        return events;
    }

    private static List<Event> readWhole(FileSystem fs, ArchivedSegmentRef segment) {
        List<Event> events = new ArrayList<>();
        try (EventCursor cursor = new PrefetchingSegmentCursor(fs, segment, null, EventFilter.ALL)) {
            for (Event event = cursor.next(); event != null; event = cursor.next()) {
                events.add(event);
            }
        }
        return events;
    }

    private static ArchivedSegmentRef ref(SegmentInfo info, String checksum) {
        return new ArchivedSegmentRef(info.path(), info.firstKey(), info.lastKey(), info.rows(), checksum);
    }

    private static String sum(List<Event> events) {
        SegmentChecksum checksum = new SegmentChecksum();
        events.forEach(checksum::update);
        return checksum.finish();
    }

    @Nested
    @DisplayName("Issue 12 defect 2: format 2")
    class FormatTwo {

        private final List<Event> events = withMetadata(SampleEvents.oneDay(3000, 3));

        private SegmentInfo write(List<Event> written) {
            return ParquetSegmentWriter.write(fs, layout.segment(DAY, "run1", 0), DAY,
                    SegmentWriteOptions.defaults().withRowGroupRows(1000), written);
        }

        @Test
        @DisplayName("Issue 12 defect 2: metadata and schema_version read back as written")
        void readsBackMetadataAndSchemaVersion() {
            // when
            SegmentInfo info = write(events);

            // then
            assertThat(readAll(fs, info.path())).containsExactlyElementsOf(events);
            assertThat(readWhole(fs, ref(info, info.checksum()))).containsExactlyElementsOf(events);
            ParquetSegmentReader.verify(fs, info);
            try (ParquetSegmentReader reader = ParquetSegmentReader.open(fs, new Path(info.path()))) {
                assertThat(reader.format()).isEqualTo("2");
                assertThat(reader.read()).isEqualTo(events.get(0)); // format() lost no event
            }
        }

        @Test
        @DisplayName("Issue 12 defect 2: the checksum covers metadata")
        void checksumCoversMetadata() {
            // given the same events but one metadata changed, one dropped, one JSON null
            List<Event> edited = new ArrayList<>(events);
            edited.set(1, withMetadata(events.get(1), "{\"correlation_id\": \"other\"}"));
            List<Event> dropped = new ArrayList<>(events);
            dropped.set(1, withMetadata(events.get(1), null));
            List<Event> jsonNull = new ArrayList<>(dropped);
            jsonNull.set(1, withMetadata(events.get(1), "null"));

            // when
            SegmentInfo info = write(events);

            // then
            assertThat(info.checksum()).isEqualTo(sum(events));
            assertThat(List.of(sum(edited), sum(dropped), sum(jsonNull))).doesNotHaveDuplicates()
                    .doesNotContain(info.checksum());
            assertThatThrownBy(() -> readWhole(fs, ref(info, sum(dropped))))
                    .isInstanceOf(SegmentVerificationException.class).hasMessageContaining("checksum expected");
            SegmentInfo claimed = new SegmentInfo(info.path(), DAY, info.rows(), info.firstKey(), info.lastKey(),
                    info.minOccurredAt(), info.maxOccurredAt(), info.bytes(), sum(edited));
            assertThatThrownBy(() -> ParquetSegmentReader.verify(fs, claimed))
                    .isInstanceOf(SegmentVerificationException.class).hasMessageContaining("checksum expected");
        }
    }

    /** {@code segments/format-1.parquet}: see the README beside it. */
    @Nested
    @DisplayName("Issue 12 defect 2: format 1")
    class FormatOne {

        private static final String CHECKSUM = "sha256:00f90abf3866a3bc041402f32f68b25901e0bcdfd4256771a46f3b3fa790de23";

        private final List<Event> events = SampleEvents.oneDay(5, 1).stream().map(e -> withMetadata(e, null)).toList();
        private SegmentInfo info;

        @BeforeEach
        void copyFormatOneSegment() throws Exception {
            java.nio.file.Path file = dir.resolve("archive/events/date=2026-11-01/seg-old-0.parquet");
            Files.createDirectories(file.getParent());
            try (InputStream in = getClass().getResourceAsStream("/segments/format-1.parquet")) {
                Files.copy(in, file);
            }
            info = new SegmentInfo(new Path(file.toUri()).toString(), DAY, 5, events.get(0).key(), events.get(4).key(),
                    events.get(0).occurredAt(), events.get(4).occurredAt(), Files.size(file), CHECKSUM);
        }

        @Test
        @DisplayName("Issue 12 defect 2: a format-1 segment reads with null metadata")
        void readsWithNullMetadata() {
            // when
            List<Event> read = readAll(fs, info.path());

            // then
            assertThat(read).containsExactlyElementsOf(events).allMatch(e -> e.metadata() == null);
            assertThat(read).extracting(Event::schemaVersion).containsExactly(1, 2, 1, 2, 1);
            try (ParquetSegmentReader reader = ParquetSegmentReader.open(fs, new Path(info.path()))) {
                assertThat(reader.format()).isEqualTo("1");
            }
        }

        @Test
        @DisplayName("Issue 12 defect 2: a format-1 segment verifies with its old checksum")
        void verifiesWithItsOldChecksum() {
            // then
            assertThat(info.bytes()).isEqualTo(3709);
            ParquetSegmentReader.verify(fs, info);
            assertThat(readWhole(fs, ref(info, CHECKSUM))).containsExactlyElementsOf(events);
            assertThat(sum(events)).as("format 2 sums the same events differently").isNotEqualTo(CHECKSUM);
        }
    }
}
