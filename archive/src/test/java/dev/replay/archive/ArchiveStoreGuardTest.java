package dev.replay.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replay.archive.testing.SampleEvents;
import dev.replay.readers.Event;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Issue 12 defect 8: a store's cleanup deletes only its own orphans, never another store's segments")
class ArchiveStoreGuardTest {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 1);
    private static final List<Event> EVENTS = SampleEvents.oneDay(100, 3);
    private static final ArchiveStoreId A = new ArchiveStoreId(UUID.fromString("aaaaaaaa-0000-4000-8000-000000000001"));
    private static final ArchiveStoreId B = new ArchiveStoreId(UUID.fromString("bbbbbbbb-0000-4000-8000-000000000002"));

    @TempDir
    java.nio.file.Path dir;

    private ArchiveFileSystems fileSystems;
    private ArchiveLayout layout;

    @BeforeEach
    void open() {
        layout = new ArchiveLayout(dir.resolve("archive").toUri());
        fileSystems = new ArchiveFileSystems(layout, null, dir.resolve("tmp"));
    }

    @AfterEach
    void close() {
        fileSystems.close();
    }

    private Path write(ArchiveStoreId store, String run) {
        Path path = store == null ? layout.segment(DAY, run, 0) : layout.segment(DAY, store, run, 0);
        try (ParquetSegmentWriter writer = ParquetSegmentWriter.create(fileSystems.fileSystem(), path, DAY,
                SegmentWriteOptions.defaults(), store)) {
            EVENTS.forEach(writer::write);
            writer.finish();
        }
        return fileSystems.fileSystem().makeQualified(path);
    }

    private ArchiveStoreGuard guard(ArchiveStoreId store) {
        return new ArchiveStoreGuard(fileSystems, () -> store);
    }

    @Test
    void sortsUncataloguedFilesIntoOwnOrphansAndLegacyFiles() {
        // given
        Path catalogued = write(A, "1");
        Path orphan = write(A, "2");
        Path legacy = write(null, "1700000000000");

        // when
        ArchiveStoreGuard.Orphans orphans = guard(A).orphans(Set.of(catalogued.toString()));

        // then
        assertThat(orphans.own()).containsExactly(orphan);
        assertThat(orphans.legacy()).containsExactly(legacy);
    }

    @Test
    void refusesCleanupWhereAnotherStoresSegmentsLie() {
        // given: B's segment, without a marker
        Path other = write(B, "1");

        // when / then
        assertThatThrownBy(() -> guard(A).orphans(Set.of()))
                .isInstanceOf(ArchiveStoreConflictException.class)
                .hasMessageContaining(layout.toString()).hasMessageContaining("bbbbbbbb").hasMessageContaining(A.toString());
        assertThat(fileSystems.fileSystem().makeQualified(other)).satisfies(path -> assertThat(exists(path)).isTrue());
    }

    @Test
    void aClaimLeavesAMarkerThatRefusesEveryOtherStore() throws Exception {
        // given
        guard(A).claim();

        // when / then
        assertThat(Files.exists(dir.resolve("archive/_stores/" + A))).isTrue();
        guard(A).claim(); // its own marker is no conflict
        assertThatThrownBy(() -> guard(B).claim())
                .isInstanceOf(ArchiveStoreConflictException.class)
                .hasMessageContaining("store " + A).hasMessageContaining(layout.toString());
        assertThatThrownBy(() -> guard(B).orphans(Set.of()))
                .isInstanceOf(ArchiveStoreConflictException.class).hasMessageContaining("store " + A);
        assertThat(Files.exists(dir.resolve("archive/_stores/" + B))).isFalse();
    }

    @Test
    void aFirstClaimIsRefusedWhereAnotherStoresSegmentsLie() {
        // given
        write(B, "1");

        // when / then
        assertThatThrownBy(() -> guard(A).claim()).isInstanceOf(ArchiveStoreConflictException.class)
                .hasMessageContaining("bbbbbbbb");
        assertThat(Files.exists(dir.resolve("archive/_stores/" + A))).isFalse();
    }

    @Test
    void namesASegmentForItsStoreAndReadsTheTokenBack() {
        // when
        Path named = layout.segment(DAY, A, "1733000000000", 7);

        // then
        assertThat(named.getName()).isEqualTo("seg-aaaaaaaa-1733000000000-7.parquet");
        assertThat(ArchiveLayout.storeToken(named)).isEqualTo("aaaaaaaa");
        assertThat(ArchiveLayout.storeToken(layout.segment(DAY, "1733000000000", 7))).isNull();
        assertThat(ArchiveLayout.storeToken(layout.segment(DAY, "crashed", 0))).isNull();
        assertThat(ArchiveLayout.isSegmentFile(named)).isTrue();
    }

    @Test
    void writesTheStoreIntoTheFooter() throws Exception {
        // given
        Path path = write(A, "1");

        // when
        var footer = org.apache.parquet.hadoop.ParquetFileReader.open(
                new FileSystemInputFile(fileSystems.fileSystem(), path)).getFooter();

        // then
        assertThat(footer.getFileMetaData().getKeyValueMetaData()).containsEntry(SegmentSchema.META_STORE, A.toString());
    }

    private boolean exists(Path path) {
        try {
            return fileSystems.fileSystem().exists(path);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
