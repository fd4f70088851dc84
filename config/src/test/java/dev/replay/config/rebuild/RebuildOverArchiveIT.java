package dev.replay.config.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.config.ReplayProcess;
import dev.replay.config.cli.CliRunner;
import dev.replay.config.cli.CliRunner.Result;
import dev.replay.readers.testing.TestDatabase;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Rebuilds over the whole history once part of it is archived: the same read model as before
 * archival, a segment that is missing or corrupt stops the rebuild naming it, and a kill in a
 * chunk that spans the archive/hot boundary resumes to the clean result. One data set for all
 * tests: each leaves the archive as it found it, and every rebuild starts a fresh build.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RebuildOverArchiveIT {

    private static final String CUTOFF = "2026-01-06T00:00:00Z";
    private static final int CHUNK = 1_999;

    private TestDatabase database;
    private JdbcTemplate jdbc;
    private String beforeArchival;
    private long archived;

    @TempDir
    static Path dir;

    @BeforeAll
    void seedRebuildAndArchiveHalf() {
        database = TestDatabase.create();
        jdbc = new JdbcTemplate(database.dataSource());
        Result seed = run("seed", "--events", "20000", "--accounts", "500", "--days", "10");
        assertThat(seed.status()).as(seed.err()).isZero();
        Result rebuild = run("rebuild", "account-balances");
        assertThat(rebuild.status()).as(rebuild.err()).isZero();
        beforeArchival = AccountBalances.actual(database.dataSource());
        Result archive = run("archive", "--before", CUTOFF);
        assertThat(archive.status()).as(archive.err()).isZero();
        archived = jdbc.queryForObject("select sum(rows) from archive_segment", Long.class);
        assertThat(archived).isBetween(5_000L, 15_000L);
    }

    @AfterAll
    void close() {
        database.close();
    }

    private List<String> options() {
        return List.of("--replay.archive.uri=" + dir.resolve("archive").toUri(), "--replay.data-dir=" + dir.resolve("data"),
                "--replay.archive.segment-max-rows=1500");
    }

    private Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(options());
        return CliRunner.against(database.jdbcUrl(), all.toArray(String[]::new));
    }

    private Path segment(int n) throws Exception {
        String path = jdbc.queryForObject("select path from archive_segment order by segment_id offset ? limit 1",
                String.class, n);
        return Path.of(new URI(path));
    }

    @Test
    void aRebuildAfterArchivalBuildsTheSameReadModelAsBefore() {
        // when
        Result rebuild = run("rebuild", "account-balances");

        // then
        assertThat(rebuild.status()).as(rebuild.err()).isZero();
        assertThat(rebuild.out()).contains("20,000 events");
        assertThat(AccountBalances.actual(database.dataSource())).isEqualTo(beforeArchival);
    }

    @Test
    void eventCountsOverArchiveAndHotStoreCountEveryDay() {
        // when
        Result rebuild = run("rebuild", "event-counts");

        // then
        assertThat(rebuild.status()).as(rebuild.err()).isZero();
        assertThat(jdbc.queryForObject("select sum(events) from event_count", Long.class)).isEqualTo(20_000L);
        assertThat(jdbc.queryForObject("select count(distinct day) from event_count", Long.class)).isEqualTo(10L);
    }

    @Nested
    class BrokenSegments {

        @Test
        void aMissingSegmentStopsTheRebuildNamingItAndTheLiveModelStays() throws Exception {
            // given
            Path segment = segment(2);
            Path aside = dir.resolve("aside.parquet");
            Files.move(segment, aside);

            // when
            Result rebuild = run("rebuild", "account-balances");

            // then
            assertThat(rebuild.status()).isEqualTo(1);
            assertThat(rebuild.err()).contains(segment.getFileName().toString());
            assertThat(AccountBalances.actual(database.dataSource())).isEqualTo(beforeArchival);

            // and when the file is back, a rerun completes
            Files.move(aside, segment);
            Result rerun = run("rebuild", "account-balances");
            assertThat(rerun.status()).as(rerun.err()).isZero();
            assertThat(AccountBalances.actual(database.dataSource())).isEqualTo(beforeArchival);
        }

        @Test
        void aCorruptSegmentStopsTheRebuildNamingIt() throws Exception {
            // given
            Path segment = segment(1);
            Path original = dir.resolve("original.parquet");
            Files.copy(segment, original);
            try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
                file.seek(file.length() / 3);
                file.write(new byte[] {0x13, 0x37, 0x42, 0x42, 0x13, 0x37, 0x42, 0x42});
            }

            // when
            Result rebuild = run("rebuild", "account-balances");

            // then
            assertThat(rebuild.status()).isEqualTo(1);
            assertThat(rebuild.err()).contains(segment.getFileName().toString());
            assertThat(AccountBalances.actual(database.dataSource())).isEqualTo(beforeArchival);
            Files.move(original, segment, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Nested
    class Kills {

        private void killAtChunk(long chunk) throws Exception {
            String failpoint = "rebuild.replay.chunk-written:" + chunk;
            // the fold written with every chunk, so a kill's rerun resumes right after the last committed chunk
            List<String> args = new ArrayList<>(List.of("rebuild", "account-balances", "--replay.rebuild.chunk-size=" + CHUNK,
                    "--replay.rebuild.flush-events=" + CHUNK,
                    "--spring.datasource.url=" + database.jdbcUrl(), "--spring.datasource.username=postgres"));
            args.addAll(options());
            Files.createDirectories(dir.resolve("work"));
            assertThat(run("rebuild", "account-balances").status()).isZero(); // nothing unfinished to resume
            try (ReplayProcess process = ReplayProcess.start(dir.resolve("work"), List.of("-Dreplay.failpoint=" + failpoint),
                    args.toArray(String[]::new))) {
                process.awaitLine("FAILPOINT rebuild.replay.chunk-written", Duration.ofMinutes(2));
                process.kill();
            }
        }

        @Test
        void aKillInTheChunkSpanningArchiveAndHotStoreResumesToTheCleanResult() throws Exception {
            // given: the chunk holding the last archived event and the first hot ones, written, not committed
            long spanning = archived / CHUNK + 1;
            killAtChunk(spanning);

            // when
            Result rerun = run("rebuild", "account-balances");

            // then
            assertThat(rerun.status()).as(rerun.err()).isZero();
            assertThat(jdbc.queryForObject("select read_count from batch_step_execution where step_name = 'replay'"
                    + " order by step_execution_id desc limit 1", Long.class)).isEqualTo(20_000L - (spanning - 1) * CHUNK);
            assertThat(AccountBalances.actual(database.dataSource())).isEqualTo(beforeArchival);
        }

        @Test
        void aKillAfterTheSpanningChunkCommittedResumesInTheHotStore() throws Exception {
            // given
            long after = archived / CHUNK + 2;
            killAtChunk(after);

            // when
            Result rerun = run("rebuild", "account-balances");

            // then
            assertThat(rerun.status()).as(rerun.err()).isZero();
            assertThat(jdbc.queryForObject("select read_count from batch_step_execution where step_name = 'replay'"
                    + " order by step_execution_id desc limit 1", Long.class)).isEqualTo(20_000L - (after - 1) * CHUNK);
            assertThat(AccountBalances.actual(database.dataSource())).isEqualTo(beforeArchival);
        }
    }
}
