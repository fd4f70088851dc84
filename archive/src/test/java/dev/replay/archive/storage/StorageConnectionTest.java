package dev.replay.archive.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage layer on local files: operations by URI, failures naming the URI. */
class StorageConnectionTest {

    @TempDir
    Path dir;

    private StorageConnection connect() {
        return new Storage(null, dir.resolve("tmp")).connect(dir.toUri());
    }

    @Test
    @DisplayName("Issue 13: the storage layer creates, lists, renames, measures and deletes files by URI")
    void operatesOnFilesByUri() throws Exception {
        // given
        URI folder = dir.resolve("out").toUri();
        URI file = dir.resolve("out/a.txt").toUri();
        URI renamed = dir.resolve("out/b.txt").toUri();
        try (StorageConnection storage = connect()) {
            // when
            storage.mkdirs(folder);
            try (OutputStream out = storage.create(file, false)) {
                out.write("hello".getBytes(StandardCharsets.UTF_8));
            }
            boolean moved = storage.rename(file, renamed);

            // then
            assertThat(moved).isTrue();
            assertThat(storage.exists(file)).isFalse();
            assertThat(storage.isFile(renamed)).isTrue();
            assertThat(storage.list(folder)).extracting(StorageEntry::name, StorageEntry::directory, StorageEntry::length)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("b.txt", false, 5L));
            assertThat(storage.bytes(folder)).isEqualTo(5);
            assertThat(new String(storage.open(renamed).readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello");
            assertThat(storage.delete(renamed)).isTrue();
            assertThat(storage.status(renamed)).isEmpty();
        }
        assertThat(Files.list(dir.resolve("out"))).isEmpty();
    }

    @Test
    @DisplayName("Issue 13: a storage failure names the action and the URI")
    void failuresNameTheUri() throws Exception {
        // given
        URI file = dir.resolve("taken.txt").toUri();
        Files.writeString(dir.resolve("taken.txt"), "x");
        try (StorageConnection storage = connect()) {
            // when / then
            assertThatThrownBy(() -> storage.create(file, false)).isInstanceOf(StorageException.class)
                    .hasMessageStartingWith("Failed to create file:" + dir.resolve("taken.txt"))
                    .satisfies(e -> assertThat(((StorageException) e).location()).endsWith("taken.txt"));
        }
    }

    @Test
    @DisplayName("Issue 13: an s3a: location without S3A settings is refused, naming it")
    void refusesS3aWithoutSettings() {
        assertThatThrownBy(() -> new Storage(null, dir.resolve("tmp")).connect(URI.create("s3a://bucket/x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("s3a://bucket/x");
    }
}
