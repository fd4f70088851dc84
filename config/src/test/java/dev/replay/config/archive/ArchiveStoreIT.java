package dev.replay.config.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.config.cli.CliRunner;
import dev.replay.config.cli.CliRunner.Result;
import dev.replay.readers.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/** Two stores (two databases) pointed at one archive location by mistake, through the CLI. */
class ArchiveStoreIT {

    private TestDatabase storeA;
    private TestDatabase storeB;

    @TempDir
    Path dir;

    @BeforeEach
    void seed() {
        storeA = TestDatabase.create();
        storeB = TestDatabase.create();
        assertThat(run(storeA, "a", "seed", "--events", "3000", "--accounts", "50", "--days", "10").status()).isZero();
        assertThat(run(storeB, "b", "seed", "--events", "3000", "--accounts", "50", "--days", "10").status()).isZero();
    }

    @AfterEach
    void close() {
        storeA.close();
        storeB.close();
    }

    private Path archiveDir() {
        return dir.resolve("shared-archive");
    }

    private Result run(TestDatabase store, String name, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--replay.archive.uri=" + archiveDir().toUri());
        all.add("--replay.data-dir=" + dir.resolve("data-" + name));
        all.add("--replay.archive.segment-max-rows=500");
        return CliRunner.against(store.jdbcUrl(), all.toArray(String[]::new));
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.walk(archiveDir().resolve("events"))) {
            return files.filter(file -> file.getFileName().toString().endsWith(".parquet")).sorted().toList();
        }
    }

    @Test
    @DisplayName("Issue 12 defect 8: a second store refuses to clean up or archive into another store's archive")
    void aSecondStoreNeitherDeletesNorMixesWithAnotherStoresArchive() throws Exception {
        // given: store A archived
        Result archived = run(storeA, "a", "archive", "--before", ArchiveIT.CUTOFF);
        assertThat(archived.status()).as(archived.err()).isZero();
        List<Path> segmentsOfA = segmentFiles();
        assertThat(segmentsOfA).isNotEmpty();
        String idOfA = new JdbcTemplate(storeA.dataSource()).queryForObject("select store_id::text from archive_store",
                String.class);
        String idOfB = new JdbcTemplate(storeB.dataSource()).queryForObject("select store_id::text from archive_store",
                String.class);
        assertThat(idOfA).isNotEqualTo(idOfB);
        assertThat(segmentsOfA).allSatisfy(file -> assertThat(file.getFileName().toString())
                .startsWith("seg-" + idOfA.substring(0, 8) + "-"));

        // when
        Result cleanup = run(storeB, "b", "archive", "--cleanup");
        Result archive = run(storeB, "b", "archive", "--before", ArchiveIT.CUTOFF);

        // then
        String location = archiveDir().toUri().toString().replaceAll("/$", "");
        for (Result refused : List.of(cleanup, archive)) {
            assertThat(refused.status()).as(refused.out() + refused.err()).isEqualTo(2);
            assertThat(refused.err()).contains(location.replace("file:///", "file:/")).contains(idOfA)
                    .contains(idOfB).doesNotContain("\tat ");
        }
        assertThat(segmentFiles()).containsExactlyElementsOf(segmentsOfA);
        assertThat(new JdbcTemplate(storeB.dataSource()).queryForObject("select count(*) from archive_segment",
                Long.class)).isZero();
        Result verify = run(storeA, "a", "verify");
        assertThat(verify.status()).as(verify.out() + verify.err()).isZero();
    }
}
