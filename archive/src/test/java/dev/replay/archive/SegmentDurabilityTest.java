package dev.replay.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.archive.testing.SampleEvents;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Issue 12 review: a local segment is forced to disk before its catalog commit; S3 is not synced")
class SegmentDurabilityTest {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 1);

    @TempDir
    java.nio.file.Path dir;

    @Test
    void forcesTheFinishedFileAndItsDirectoriesOnALocalFileSystem() {
        // given
        List<java.nio.file.Path> forced = new ArrayList<>();
        ArchiveLayout layout = new ArchiveLayout(dir.resolve("archive").toUri());
        try (ArchiveFileSystems fileSystems = new ArchiveFileSystems(layout, null, dir.resolve("tmp"))) {
            Path path = layout.segment(DAY, "r1", 0);

            // when
            try (ParquetSegmentWriter writer = ParquetSegmentWriter.create(fileSystems.fileSystem(), path, DAY,
                    SegmentWriteOptions.defaults(), null, new SegmentDurability(file -> {
                        assertThat(Files.exists(file)).isTrue(); // the file is closed and complete by then
                        forced.add(file);
                    }))) {
                SampleEvents.oneDay(10, 1).forEach(writer::write);
                assertThat(forced).isEmpty();
                writer.finish();
            }

            // then
            java.nio.file.Path file = dir.resolve("archive/events/date=2026-11-01/seg-r1-0.parquet").toAbsolutePath();
            assertThat(forced).containsExactly(file, file.getParent(), file.getParent().getParent());
        }
    }

    @Test
    void skipsAnObjectStore() {
        // given
        List<java.nio.file.Path> forced = new ArrayList<>();
        SegmentDurability durability = new SegmentDurability(forced::add);

        // when
        boolean synced = durability.makeDurable(new Path("s3a://bucket/archive/events/date=2026-11-01/seg-r1-0.parquet"));

        // then
        assertThat(synced).isFalse();
        assertThat(forced).isEmpty();
    }

    @Test
    void theRealSyncWorksOnFilesAndDirectories() throws Exception {
        // given
        java.nio.file.Path file = Files.createDirectories(dir.resolve("a/b")).resolve("seg.parquet");
        Files.writeString(file, "data");

        // when
        boolean synced = new SegmentDurability(SegmentDurability.CHANNEL).makeDurable(new Path(file.toUri()));

        // then
        assertThat(synced).isTrue();
    }
}
