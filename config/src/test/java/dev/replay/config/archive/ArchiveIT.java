package dev.replay.config.archive;

import dev.replay.config.ReplayProcess;
import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.config.cli.CliRunner;
import dev.replay.config.cli.CliRunner.Result;
import dev.replay.readers.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/** The archive job end to end through the CLI, to a local directory, on a real PostgreSQL. */
class ArchiveIT {

    static final String CUTOFF = "2026-01-06T00:00:00Z";

    private TestDatabase database;
    private JdbcTemplate jdbc;

    @TempDir
    Path dir;

    @BeforeEach
    void seed() {
        database = TestDatabase.create();
        jdbc = new JdbcTemplate(database.dataSource());
        assertThat(run("seed", "--events", "20000", "--accounts", "500", "--days", "10").status()).isZero();
    }

    @AfterEach
    void close() {
        database.close();
    }

    private Path archiveDir() {
        return dir.resolve("archive");
    }

    private Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--replay.archive.uri=" + archiveDir().toUri());
        all.add("--replay.data-dir=" + dir.resolve("data"));
        all.add("--replay.archive.segment-max-rows=1500");
        return CliRunner.against(database.jdbcUrl(), all.toArray(String[]::new));
    }

    private long catalogRows() {
        return jdbc.queryForObject("select coalesce(sum(rows), 0) from archive_segment", Long.class);
    }

    @Test
    void movesEveryEventBeforeTheCutoffIntoExactlyOneCataloguedSegment() throws Exception {
        // given
        List<String> old = ArchivedEvents.hot(database.dataSource(), "occurred_at < '" + CUTOFF + "'");
        List<String> newer = ArchivedEvents.hot(database.dataSource(), "occurred_at >= '" + CUTOFF + "'");
        assertThat(old).hasSizeBetween(5_000, 15_000);

        // when
        Result archive = run("archive", "--before", CUTOFF);

        // then
        assertThat(archive.status()).as(archive.err()).isZero();
        assertThat(archive.out()).contains("archive [before " + CUTOFF + "] completed").contains(String.format("%,d events", old.size()));
        assertThat(ArchivedEvents.hot(database.dataSource(), "true")).containsExactlyInAnyOrderElementsOf(newer);
        assertThat(ArchivedEvents.duckDb(archiveDir())).containsExactlyInAnyOrderElementsOf(old);
        assertThat(catalogRows()).isEqualTo(old.size());
        assertThat(jdbc.queryForObject("select count(*) from archive_segment where rows > 1500", Long.class)).isZero();
        assertThat(jdbc.queryForObject("select count(distinct partition_date) from archive_segment", Long.class)).isEqualTo(5L);
    }

    @Test
    void aLateArrivalGoesIntoANewSegmentOfAnAlreadyArchivedDay() throws Exception {
        // given
        assertThat(run("archive", "--before", CUTOFF).status()).isZero();
        long segmentsBefore = jdbc.queryForObject("select count(*) from archive_segment where partition_date = '2026-01-02'", Long.class);
        UUID late = UUID.randomUUID();
        jdbc.update("insert into events (event_id, aggregate_type, aggregate_id, version, event_type, event_data, occurred_at)"
                + " values (?, 'Account', 'late-1', 1, 'AccountOpened', '{\"owner\": \"late\"}', '2026-01-02T12:00:00.123456Z')", late);

        // when
        Result again = run("archive", "--before", CUTOFF);

        // then
        assertThat(again.status()).as(again.err()).isZero();
        assertThat(again.out()).contains("1 events");
        assertThat(jdbc.queryForObject("select count(*) from archive_segment where partition_date = '2026-01-02'", Long.class))
                .isEqualTo(segmentsBefore + 1);
        assertThat(jdbc.queryForObject("select count(*) from events where event_id = ?", Long.class, late)).isZero();
        assertThat(ArchivedEvents.duckDb(archiveDir())).filteredOn(row -> row.startsWith(late.toString()))
                .containsExactly(late + "|1|" + 1767355200123456L + "|{\"owner\": \"late\"}");
    }

    @Test
    void segmentsPrintsThePartitionsAndTotals() {
        // given
        assertThat(run("archive", "--before", CUTOFF).status()).isZero();

        // when
        Result segments = run("segments");

        // then
        assertThat(segments.status()).as(segments.err()).isZero();
        assertThat(segments.out()).contains("2026-01-01").contains("2026-01-05").doesNotContain("2026-01-06")
                .contains(String.format("%,d", catalogRows())).contains("total").contains("ratio");
        Result list = run("archive", "--list");
        assertThat(list.status()).as(list.err()).isZero();
        // the catalog part; the hot store's size (in the compression line) may move between the two calls
        assertThat(list.out().substring(0, list.out().indexOf("Compression")))
                .isEqualTo(segments.out().substring(0, segments.out().indexOf("Compression")));
    }

    @Test
    void showsProgressWhileArchiving() throws Exception {
        // given
        long old = jdbc.queryForObject("select count(*) from events where occurred_at < ?::timestamptz", Long.class, CUTOFF);
        Files.createDirectories(dir.resolve("work"));

        // when
        try (ReplayProcess process = ReplayProcess.start(dir.resolve("work"), List.of(), "archive", "--before", CUTOFF,
                "--spring.datasource.url=" + database.jdbcUrl(), "--spring.datasource.username=postgres",
                "--replay.archive.uri=" + archiveDir().toUri(), "--replay.data-dir=" + dir.resolve("data"),
                "--replay.archive.segment-max-rows=1500")) {
            // then
            assertThat(process.waitForExit(java.time.Duration.ofMinutes(2))).as(process.output()).isZero();
            assertThat(process.output()).contains(String.format("archive: %,d / %,d events (100%%)", old, old));
        }
    }

    @Test
    void waitsForARunningReplayBeforeMovingEvents() throws Exception {
        // given: a replay holds the archive tier's shared lock
        try (Connection other = database.dataSource().getConnection(); Statement statement = other.createStatement()) {
            try (ResultSet rs = statement.executeQuery("select pg_try_advisory_lock_shared(hashtext('replay:archive-tier'))")) {
                assertThat(rs.next() && rs.getBoolean(1)).isTrue();
            }
            java.util.concurrent.CompletableFuture<Result> archive =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> run("archive", "--before", CUTOFF));

            // when: the archive run waits, and moves nothing until the replay ends
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(1)).until(() -> jdbc.queryForObject(
                    "select count(*) from pg_locks where locktype = 'advisory' and not granted", Long.class) > 0);
            assertThat(catalogRows()).isZero();
            statement.execute("select pg_advisory_unlock_shared(hashtext('replay:archive-tier'))");

            // then
            Result result = archive.get(2, java.util.concurrent.TimeUnit.MINUTES);
            assertThat(result.status()).as(result.err()).isZero();
            assertThat(catalogRows()).isPositive();
        }
    }

    @Test
    void aConcurrentRunIsRefused() throws Exception {
        // given: another archival holds the lock
        try (Connection other = database.dataSource().getConnection(); Statement statement = other.createStatement()) {
            try (ResultSet rs = statement.executeQuery("select pg_try_advisory_lock(hashtext('replay:archive'))")) {
                assertThat(rs.next() && rs.getBoolean(1)).isTrue();
            }

            // when
            Result archive = run("archive", "--before", CUTOFF);

            // then
            assertThat(archive.status()).isEqualTo(1);
            assertThat(archive.err()).contains("Archive is already running");
            assertThat(catalogRows()).isZero();
        }
    }

    @Test
    @org.junit.jupiter.api.DisplayName("Issue 12 defect 8: cleanup deletes this store's own orphans and keeps legacy files")
    void cleanupDeletesOnlyOrphans() throws Exception {
        // given: an orphan named for this store, and a legacy file (no store id) that no catalog holds
        assertThat(run("archive", "--before", CUTOFF).status()).isZero();
        String token = jdbc.queryForObject("select store_id::text from archive_store", String.class).substring(0, 8);
        Path orphan = archiveDir().resolve("events/date=2026-01-01/seg-" + token + "-crashed-0.parquet");
        Path legacy = archiveDir().resolve("events/date=2026-01-01/seg-crashed-0.parquet");
        java.nio.file.Files.writeString(orphan, "half a segment");
        java.nio.file.Files.writeString(legacy, "maybe another store's");

        // when
        Result cleanup = run("archive", "--cleanup");

        // then
        assertThat(cleanup.status()).as(cleanup.err()).isZero();
        assertThat(cleanup.out()).contains("1 orphan segment file(s) deleted, 1 legacy file(s) kept")
                .contains("kept " + legacy.toUri().toString().replace("file:///", "file:/"));
        assertThat(orphan).doesNotExist();
        assertThat(legacy).exists();
        java.nio.file.Files.delete(legacy);
        assertThat(ArchivedEvents.duckDb(archiveDir())).hasSize((int) catalogRows());
    }

    @Test
    @org.junit.jupiter.api.DisplayName("Issue 12 review: every opened segment is checked against the catalog")
    void aReplayStartingInsideASegmentFailsNamingItWhenItsCatalogRowDiffers() {
        // given: a segment of 2026-01-02 whose catalog row counts one row too many
        assertThat(run("archive", "--before", CUTOFF).status()).isZero();
        String path = jdbc.queryForObject("select path from archive_segment where partition_date = '2026-01-02'"
                + " order by min_occurred_at limit 1", String.class);
        long rows = jdbc.queryForObject("select rows from archive_segment where path = ?", Long.class, path);
        jdbc.update("update archive_segment set rows = rows + 1 where path = ?", path);

        // when: a filtered export that starts inside that segment
        Result export = run("export", "--event-type", "Deposited", "--from", "2026-01-02T00:00:01Z",
                "--to", "2026-01-03T00:00:00Z", "--out", dir.resolve("deposits.csv").toString());

        // then
        assertThat(export.status()).as(export.out() + export.err()).isEqualTo(1);
        assertThat(export.err()).contains(path).contains("rows: catalog " + (rows + 1) + ", footer " + rows)
                .doesNotContain("\tat ");
    }

    @Test
    @org.junit.jupiter.api.DisplayName("Issue 12 review: an infinite occurred_at neither blocks archival nor fails a rebuild without naming the event")
    void anInfiniteOccurredAtStaysInTheHotStoreAndARebuildNamesIt() {
        // given
        UUID early = UUID.randomUUID();
        UUID late = UUID.randomUUID();
        jdbc.update("insert into events (event_id, aggregate_type, aggregate_id, version, event_type, event_data, occurred_at)"
                + " values (?, 'Account', 'inf-1', 1, 'AccountOpened', '{\"owner\": \"x\"}', '-infinity')", early);
        jdbc.update("insert into events (event_id, aggregate_type, aggregate_id, version, event_type, event_data, occurred_at)"
                + " values (?, 'Account', 'inf-2', 1, 'AccountOpened', '{\"owner\": \"y\"}', 'infinity')", late);
        long old = jdbc.queryForObject("select count(*) from events where occurred_at < ?::timestamptz and isfinite(occurred_at)",
                Long.class, CUTOFF);

        // when
        Result archive = run("archive", "--before", CUTOFF);

        // then: everything else archived, the -infinity event kept (and named in a WARN of the log)
        assertThat(archive.status()).as(archive.out() + archive.err()).isZero();
        assertThat(catalogRows()).isEqualTo(old);
        assertThat(jdbc.queryForObject("select count(*) from events where occurred_at < ?::timestamptz", Long.class, CUTOFF))
                .isEqualTo(1L);
        assertThat(jdbc.queryForObject("select count(*) from events where event_id in (?, ?)", Long.class, early, late))
                .isEqualTo(2L);

        // when
        Result rebuild = run("rebuild", "account-balances");

        // then
        assertThat(rebuild.status()).as(rebuild.out() + rebuild.err()).isEqualTo(1);
        assertThat(rebuild.err()).contains("Event " + early + " (Account inf-1 version 1) has occurred_at -infinity")
                .doesNotContain("\tat ");
    }

    @Nested
    class BadUsage {

        @Test
        void neitherCutoffExitsTwoNamingTheOptions() {
            Result result = CliRunner.run("archive");
            assertThat(result.status()).isEqualTo(2);
            assertThat(result.err()).contains("--older-than").contains("--before");
        }

        @Test
        void bothCutoffsExitTwo() {
            Result result = CliRunner.run("archive", "--older-than", "90d", "--before", CUTOFF);
            assertThat(result.status()).isEqualTo(2);
            assertThat(result.err()).contains("exactly one of --older-than");
        }

        @Test
        void aBadDurationExitsTwoNamingIt() {
            Result result = CliRunner.run("archive", "--older-than", "ninety days");
            assertThat(result.status()).isEqualTo(2);
            assertThat(result.err()).contains("--older-than").contains("ninety days");
        }

        @Test
        void aBadInstantExitsTwoNamingIt() {
            Result result = CliRunner.run("archive", "--before", "yesterday");
            assertThat(result.status()).isEqualTo(2);
            assertThat(result.err()).contains("--before").contains("yesterday");
        }
    }
}
