package dev.replay.jobs.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How an export's output is compared with the places it must keep off. */
class StorageLocationTest {

    @TempDir
    Path dir;

    private static String collision(String output, String other) {
        return StorageLocation.of(output).collision(StorageLocation.of(other)).orElse("none");
    }

    @Test
    @DisplayName("Issue 12 defect 1: file: URIs and plain paths compare alike, trailing slashes and '..' normalized")
    void fileUrisAndPlainPathsCompareNormalized() {
        assertThat(collision("/data/archive", "file:///data/archive/")).isEqualTo("is");
        assertThat(collision("file:/data/archive/events/../events/", "/data/archive")).isEqualTo("lies inside");
        assertThat(collision("/data", "file:/data/archive")).isEqualTo("contains");
        assertThat(collision("/data/archive2", "/data/archive")).isEqualTo("none");
        assertThat(collision("/data/archive/../other", "/data/archive")).isEqualTo("none");
    }

    @Test
    @DisplayName("Issue 12 defect 1: a symbolic link into a protected place collides with it")
    void symbolicLinksAreResolved() throws Exception {
        Path archive = Files.createDirectories(dir.resolve("archive").resolve("events"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), dir.resolve("archive"));
        assertThat(collision(link.resolve("events").resolve("new").toString(), archive.getParent().toUri().toString()))
                .isEqualTo("lies inside");
    }

    @Test
    void s3aComparesBucketAndKeys() {
        assertThat(collision("s3a://bucket/archive/events", "s3a://bucket/archive/")).isEqualTo("lies inside");
        assertThat(collision("s3a://bucket/exports", "s3a://bucket")).isEqualTo("lies inside");
        assertThat(collision("s3a://other/archive", "s3a://bucket/archive")).isEqualTo("none");
        assertThat(collision("s3a://bucket/archive", "/bucket/archive")).isEqualTo("none");
    }

    @Test
    void credentialsInAUriAreNeitherComparedNorShown() {
        StorageLocation archive = StorageLocation.of("s3a://AKIA:secret@bucket/archive");
        assertThat(StorageLocation.of("s3a://bucket/archive/events").collision(archive)).contains("lies inside");
        assertThat(archive.toString()).isEqualTo("s3a://***@bucket/archive").doesNotContain("secret");
    }

    @Test
    void aBlankLocationIsRefusedNamingIt() {
        assertThatThrownBy(() -> StorageLocation.of(" ")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("' '");
    }
}
