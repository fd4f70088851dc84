package dev.replay.config.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.config.cli.CliRunner;
import dev.replay.config.cli.CliRunner.Result;
import dev.replay.readers.testing.TestDatabase;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code verify} end to end through the CLI on a real PostgreSQL and a local archive: clean, then
 * each kind of damage (a corrupt segment, a lost one, an event in both tiers, a missing version)
 * reported naming the thing. One seeded and archived data set; each test undoes its damage.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VerifyIT {

    static final String CUTOFF = "2026-01-06T00:00:00Z";

    private TestDatabase database;
    private JdbcTemplate jdbc;

    @TempDir
    static Path dir;

    @BeforeAll
    void seedAndArchive() throws IOException {
        database = TestDatabase.create();
        jdbc = new JdbcTemplate(database.dataSource());
        assertThat(run("seed", "--events", "4000", "--accounts", "200", "--days", "10").status()).isZero();
        jdbc.execute("create table verify_it_seeded as select * from events");
        Result archive = run("archive", "--before", CUTOFF);
        assertThat(archive.status()).as(archive.err()).isZero();
        jdbc.execute("create table verify_it_backup as select * from events");
        copyTree(archiveDir(), dir.resolve("archive-backup"));
    }

    @AfterEach
    void undoDamage() throws IOException {
        jdbc.execute("delete from events");
        jdbc.execute("insert into events select * from verify_it_backup");
        deleteTree(archiveDir());
        copyTree(dir.resolve("archive-backup"), archiveDir());
    }

    @AfterAll
    void close() {
        database.close();
    }

    @Test
    void aCleanStoreExitsZeroWithTheCountsPerTierAndDay() {
        // given
        long hot = count("select count(*) from events");
        long archived = count("select sum(rows) from archive_segment");
        long segments = count("select count(*) from archive_segment");
        assertThat(hot).isPositive();
        assertThat(archived).isPositive();

        // when
        Result verify = run("verify");

        // then
        assertThat(verify.status()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out())
                .contains(String.format("segments    %,d checked", segments))
                .contains(String.format("%,d: %,d in the hot store, %,d archived", hot + archived, hot, archived))
                .contains("aggregates  200")
                .contains("days        10")
                .containsPattern("2026-01-01 +0 +([0-9,]+) +\\1 +\\1\n")
                .containsPattern("2026-01-10 +([0-9,]+) +0 +\\1 +0\n")
                .doesNotContain("incomplete")
                .contains("OK: no problems found");
        assertThat(count("select count(*) from events")).isEqualTo(hot);
        assertThat(count("select sum(rows) from archive_segment")).isEqualTo(archived);
    }

    @Test
    void aCorruptSegmentIsReportedByItsPath() throws IOException {
        // given: bytes overwritten in the middle of a segment
        String path = segmentPath(0);
        Path file = Path.of(java.net.URI.create(path));
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(raf.length() / 2);
            raf.write(new byte[64]);
        }

        // when
        Result verify = run("verify");

        // then
        assertThat(verify.status()).isEqualTo(1);
        assertThat(verify.out()).containsPattern("- Segment " + quote(path) + ": (unreadable|rows expected|checksum)");
        assertThat(verify.err()).contains("integrity problem(s); the first: Segment " + path);
    }

    @Test
    void aDeletedSegmentIsReportedMissingAndTheOthersAreStillChecked() throws IOException {
        // given
        String path = segmentPath(1);
        Files.delete(Path.of(java.net.URI.create(path)));
        long rows = count("select rows from archive_segment where path = '" + path + "'");
        String day = jdbc.queryForObject("select partition_date::text from archive_segment where path = ?", String.class, path);
        long dayRows = count("select sum(rows) from archive_segment where partition_date = '" + day + "'");

        // when
        Result verify = run("verify");

        // then
        assertThat(verify.status()).isEqualTo(1);
        assertThat(verify.out()).contains("- Segment " + path + ": file missing (catalogued with " + rows + " events")
                .contains(String.format("%,d archived", count("select sum(rows) from archive_segment") - rows))
                .containsPattern("- Account \\S+: versions? [0-9.]+ missing|first version is")
                .containsPattern(day + " +0 +" + String.format("%,d +%,d +%,d", dayRows - rows, dayRows - rows, dayRows)
                        + "  <- archive incomplete");
    }

    @Test
    void anArchivedEventAlsoInTheHotStoreIsReportedWithBothPlaces() {
        // given: the first event of a segment appended again to the hot store, as a failed delete would leave it
        String path = segmentPath(2);
        String firstKey = jdbc.queryForObject("select first_key from archive_segment where path = ?", String.class, path);
        String eventId = firstKey.substring(firstKey.lastIndexOf('|') + 1);
        jdbc.update("insert into events (event_id, aggregate_type, aggregate_id, version, event_type, event_data, occurred_at)"
                + " select event_id, aggregate_type, aggregate_id, version, event_type, event_data, occurred_at"
                + " from verify_it_seeded where event_id = ?::uuid", eventId);

        // when
        Result verify = run("verify");

        // then
        assertThat(verify.status()).isEqualTo(1);
        assertThat(verify.out()).contains("- Event " + eventId + ": stored 2 times: in the hot store and in segment " + path)
                .containsPattern("version \\d+ stored twice: in (the hot store|segment \\S+) and in");
    }

    @Test
    void aVersionRemovedFromTheMiddleOfAnAggregateIsReportedWithItsNeighbours() {
        // given
        Map<String, Object> row = jdbc.queryForMap("select aggregate_type, aggregate_id, version from events e"
                + " where version > 1 and exists (select 1 from events n where n.aggregate_type = e.aggregate_type"
                + " and n.aggregate_id = e.aggregate_id and n.version = e.version + 1) order by aggregate_id, version limit 1");
        long version = ((Number) row.get("version")).longValue();
        jdbc.update("delete from events where aggregate_type = ? and aggregate_id = ? and version = ?",
                row.get("aggregate_type"), row.get("aggregate_id"), version);

        // when
        Result verify = run("verify");

        // then
        assertThat(verify.status()).isEqualTo(1);
        assertThat(verify.out()).contains("- " + row.get("aggregate_type") + " " + row.get("aggregate_id") + ": version "
                + version + " missing (found " + (version - 1) + " then " + (version + 1) + ")")
                .contains("PROBLEMS: 1 found");
    }

    @Test
    void maxProblemsBoundsTheListButNotTheCount() throws IOException {
        // given: a lost segment leaves gaps in many aggregates
        Files.delete(Path.of(java.net.URI.create(segmentPath(0))));

        // when
        Result verify = run("verify", "--max-problems", "3");

        // then
        assertThat(verify.status()).isEqualTo(1);
        assertThat(verify.out()).containsPattern("PROBLEMS: [0-9,]+ found, the first 3 listed");
        assertThat(verify.out().lines().filter(line -> line.startsWith("  - "))).hasSize(3);
    }

    @Nested
    class BadUsage {

        @Test
        void aNonPositiveMaxProblemsExitsTwoNamingIt() {
            Result result = CliRunner.run("verify", "--max-problems", "0");
            assertThat(result.status()).isEqualTo(2);
            assertThat(result.err()).contains("--max-problems").contains("0");
        }
    }

    private Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--replay.archive.uri=" + archiveDir().toUri());
        all.add("--replay.data-dir=" + dir.resolve("data"));
        all.add("--replay.archive.segment-max-rows=400");
        return CliRunner.against(database.jdbcUrl(), all.toArray(String[]::new));
    }

    private Path archiveDir() {
        return dir.resolve("archive");
    }

    private long count(String sql) {
        return jdbc.queryForObject(sql, Long.class);
    }

    private String segmentPath(int index) {
        return jdbc.queryForObject("select path from archive_segment order by path offset ? limit 1", String.class, index);
    }

    private static String quote(String text) {
        return java.util.regex.Pattern.quote(text);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Files.copy(source, to.resolve(from.relativize(source).toString()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
