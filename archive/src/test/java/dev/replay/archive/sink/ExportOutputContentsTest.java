package dev.replay.archive.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code --overwrite} may delete at an export's output, on the local file system. */
class ExportOutputContentsTest {

    @TempDir
    Path dir;

    private ExportStorage storage() {
        return new ExportStorage(null, dir.resolve("tmp"));
    }

    @Test
    @DisplayName("Issue 12 defect 1: an overwrite deletes a marked export directory's own files and the directory")
    void deletesAnExportsOwnDirectory() throws Exception {
        // given
        Path out = Files.createDirectories(dir.resolve("out"));
        ExportOutput output = ExportOutput.parse(out.toString());
        storage().mark(output, "replay export\njob_instance_id=7\n");
        Files.writeString(out.resolve("part-00000.parquet"), "x");
        Files.writeString(out.resolve("_SUCCESS"), "");

        // when
        boolean deleted = storage().deleteOwn(output, false);

        // then
        assertThat(deleted).isTrue();
        assertThat(out).doesNotExist();
    }

    @Test
    @DisplayName("Issue 12 defect 1: an overwrite refuses, deleting nothing, a directory holding a file no export wrote")
    void refusesADirectoryWithAForeignFile() throws Exception {
        // given
        Path out = Files.createDirectories(dir.resolve("out"));
        ExportOutput output = ExportOutput.parse(out.toString());
        storage().mark(output, "replay export\njob_instance_id=7\n");
        Files.writeString(out.resolve("part-00000.parquet"), "x");
        Files.writeString(out.resolve("segment.parquet"), "theirs");

        // when / then
        assertThatThrownBy(() -> storage().deleteOwn(output, true)).isInstanceOf(ExportOutputRefusedException.class)
                .hasMessageContaining("out " + out).hasMessageContaining("segment.parquet");
        assertThat(out.resolve("part-00000.parquet")).exists();
        assertThat(out.resolve("segment.parquet")).exists();
    }

    @Test
    void refusesAnUnmarkedDirectoryOfPartsNoExportRecorded() throws Exception {
        // given
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve("part-00000.csv"), "x");
        ExportOutput output = ExportOutput.parse(out.toString());

        // when / then
        assertThatThrownBy(() -> storage().deleteOwn(output, false)).isInstanceOf(ExportOutputRefusedException.class)
                .hasMessageContaining("no _replay_export marker");
        assertThat(storage().deleteOwn(output, true)).isTrue(); // recorded: an earlier version's export
        assertThat(out).isEmptyDirectory();
    }

    @Test
    void aSingleFileIsDeletedOnlyWhenAnExportRecordedIt() throws Exception {
        // given
        Path out = Files.writeString(dir.resolve("out.jsonl"), "{}\n");
        ExportOutput output = ExportOutput.parse(out.toString());

        // when / then
        assertThatThrownBy(() -> storage().deleteOwn(output, false)).isInstanceOf(ExportOutputRefusedException.class)
                .hasMessageContaining("no earlier export wrote");
        assertThat(out).exists();
        assertThat(storage().deleteOwn(output, true)).isTrue();
        assertThat(out).doesNotExist();
        assertThat(storage().deleteOwn(output, false)).isFalse();
    }
}
