package dev.replay.config.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.config.ReplayProcess;
import dev.replay.config.cli.CliRunner;
import dev.replay.config.cli.CliRunner.Result;
import dev.replay.readers.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Archive runs killed with SIGKILL at chosen points (frozen there by a failpoint, then killed
 * from outside): a plain rerun leaves every event exactly once across the hot store and the
 * catalogued segments, and no orphan file.
 */
class ArchiveKillIT {

    private static final String CUTOFF = "2026-01-06T00:00:00Z";

    private TestDatabase database;
    private JdbcTemplate jdbc;
    private List<String> allIds;

    @TempDir
    Path dir;

    @BeforeEach
    void seed() {
        database = TestDatabase.create();
        jdbc = new JdbcTemplate(database.dataSource());
        Result seed = CliRunner.against(database.jdbcUrl(), "seed", "--events", "20000", "--accounts", "500", "--days", "10");
        assertThat(seed.status()).as(seed.err()).isZero();
        allIds = ArchivedEvents.hotIds(database.dataSource());
    }

    @AfterEach
    void close() {
        database.close();
    }

    private List<String> options() {
        return options(1500);
    }

    private List<String> options(int segmentMaxRows) {
        return List.of("--replay.archive.uri=" + dir.resolve("archive").toUri(), "--replay.data-dir=" + dir.resolve("data"),
                "--replay.archive.segment-max-rows=" + segmentMaxRows, "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=postgres");
    }

    @ParameterizedTest(name = "killed at {0}")
    @ValueSource(strings = {"archive.segment.written:3", "archive.segment.before-commit:2", "archive.segment.committed:4"})
    void aRerunAfterAKillLeavesEveryEventExactlyOnce(String failpoint) throws Exception {
        // given
        List<String> args = new ArrayList<>(List.of("archive", "--before", CUTOFF));
        args.addAll(options());

        // when
        Result rerun = killAtThenRerun(failpoint, args);

        // then
        assertThat(rerun.status()).as(rerun.err()).isZero();
        List<String> archived = cataloguedIds();
        List<String> everywhere = new ArrayList<>(ArchivedEvents.hotIds(database.dataSource()));
        everywhere.addAll(archived);
        assertThat(everywhere).hasSameSizeAs(allIds).containsExactlyInAnyOrderElementsOf(allIds);
        assertThat(jdbc.queryForObject("select count(*) from events where occurred_at < ?::timestamptz", Long.class, CUTOFF))
                .isZero();
        assertEveryFileCatalogued();
    }

    @ParameterizedTest(name = "killed at {0}")
    @ValueSource(strings = {"archive.segment.written:3", "archive.segment.before-commit:2", "archive.segment.committed:4"})
    @DisplayName("Issue 15: killed while archiving chunks split by bucket group, a rerun leaves every event exactly once")
    void aRerunAfterAKillAmongSplitChunksLeavesEveryEventExactlyOnce(String failpoint) throws Exception {
        // given: 10,000 events a day, in chunks of 4,500 (two segments each, by bucket group) and 1,000 (one)
        jdbc.update("truncate events");
        Result seed = CliRunner.against(database.jdbcUrl(), "seed", "--events", "20000", "--accounts", "500", "--days", "2");
        assertThat(seed.status()).as(seed.err()).isZero();
        allIds = ArchivedEvents.hotIds(database.dataSource());
        List<String> args = new ArrayList<>(List.of("archive", "--before", CUTOFF));
        args.addAll(options(4500));

        // when
        Result rerun = killAtThenRerun(failpoint, args);

        // then
        assertThat(rerun.status()).as(rerun.err()).isZero();
        List<String> archived = cataloguedIds();
        assertThat(archived).hasSameSizeAs(allIds).containsExactlyInAnyOrderElementsOf(allIds);
        assertThat(jdbc.queryForObject("select count(*) from events", Long.class)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from archive_segment where bucket_first = 0 and bucket_last = 31",
                Long.class)).isEqualTo(4); // two 4,500-event chunks a day, each split in two
        assertEveryFileCatalogued();
    }

    /** Runs the archive in a process of its own, kills it at the failpoint, and reruns it to the end. */
    private Result killAtThenRerun(String failpoint, List<String> args) throws Exception {
        try (ReplayProcess process = ReplayProcess.start(dir, List.of("-Dreplay.failpoint=" + failpoint),
                args.toArray(String[]::new))) {
            process.awaitLine("FAILPOINT " + failpoint.split(":")[0], Duration.ofMinutes(2));
            process.kill();
        }
        return CliRunner.run(args.toArray(String[]::new));
    }

    /** No orphan is left: the files under events/ are exactly the catalogued segments. */
    private void assertEveryFileCatalogued() throws Exception {
        assertThat(segmentFiles()).containsExactlyInAnyOrderElementsOf(
                jdbc.queryForList("select path from archive_segment", String.class).stream()
                        .map(path -> path.replaceFirst("^file:", "")).toList());
    }

    private List<String> segmentFiles() throws Exception {
        try (Stream<Path> files = Files.walk(dir.resolve("archive").resolve("events"))) { // not the store marker
            return files.filter(Files::isRegularFile).map(Path::toString).collect(Collectors.toList());
        }
    }

    /** The event ids of the segments the catalog lists, read by DuckDB. */
    private List<String> cataloguedIds() throws Exception {
        String files = jdbc.queryForList("select path from archive_segment", String.class).stream()
                .map(path -> "'" + path.replaceFirst("^file:", "") + "'").collect(Collectors.joining(", "));
        List<String> ids = new ArrayList<>();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = duck.createStatement();
             ResultSet rs = statement.executeQuery("select event_id::varchar from read_parquet([" + files + "])")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }
}
