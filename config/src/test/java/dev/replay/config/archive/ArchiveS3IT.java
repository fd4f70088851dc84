package dev.replay.config.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.archive.testing.S3ProxyServer;
import dev.replay.config.cli.CliRunner;
import dev.replay.config.cli.CliRunner.Result;
import dev.replay.readers.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/** The archive job through the real S3A client against a real S3-compatible server on 127.0.0.1. */
class ArchiveS3IT {

    private static final String CUTOFF = "2026-01-06T00:00:00Z";
    private static final String BUCKET = "archive";

    private TestDatabase database;
    private JdbcTemplate jdbc;
    private S3ProxyServer s3;

    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        database = TestDatabase.create();
        jdbc = new JdbcTemplate(database.dataSource());
        assertThat(CliRunner.against(database.jdbcUrl(), "seed", "--events", "20000", "--accounts", "500", "--days", "10")
                .status()).isZero();
        s3 = S3ProxyServer.start(dir.resolve("s3"));
        s3.createBucket(BUCKET);
    }

    @AfterEach
    void stop() {
        s3.close();
        database.close();
    }

    private Result run(int segmentMaxRows, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--replay.archive.uri=s3a://" + BUCKET + "/replay", "--replay.data-dir=" + dir.resolve("data"),
                "--replay.archive.segment-max-rows=" + segmentMaxRows,
                "--replay.archive.s3a.endpoint=" + s3.endpoint(), "--replay.archive.s3a.region=us-east-1",
                "--replay.archive.s3a.path-style-access=true", "--replay.archive.s3a.ssl-enabled=false",
                "--replay.archive.s3a.access-key=" + S3ProxyServer.ACCESS_KEY,
                "--replay.archive.s3a.secret-key=" + S3ProxyServer.SECRET_KEY,
                // fail fast when the server is gone instead of retrying for minutes
                "--replay.archive.s3a.properties[fs.s3a.attempts.maximum]=1",
                "--replay.archive.s3a.properties[fs.s3a.retry.limit]=1",
                "--replay.archive.s3a.properties[fs.s3a.retry.interval]=10ms",
                "--replay.archive.s3a.properties[fs.s3a.retry.throttle.limit]=1"));
        return CliRunner.against(database.jdbcUrl(), all.toArray(String[]::new));
    }

    private List<String> old() {
        return ArchivedEvents.hot(database.dataSource(), "occurred_at < '" + CUTOFF + "'");
    }

    @Test
    void archivesToS3WhereAnIndependentReaderFindsExactlyTheArchivedEvents() throws Exception {
        // given
        List<String> old = old();

        // when
        Result archive = run(1500, "archive", "--before", CUTOFF);

        // then
        assertThat(archive.status()).as(archive.err()).isZero();
        assertThat(archive.out() + archive.err()).doesNotContain(S3ProxyServer.SECRET_KEY);
        assertThat(old()).isEmpty();
        assertThat(jdbc.queryForList("select path from archive_segment", String.class))
                .allMatch(path -> path.startsWith("s3a://" + BUCKET + "/replay/events/date=2026-01-0"));
        assertThat(ArchivedEvents.duckDb(s3.bucketDirectory(BUCKET).resolve("replay"))).containsExactlyInAnyOrderElementsOf(old);
        assertThat(run(1500, "segments").out()).contains("s3a://" + BUCKET + "/replay").contains(String.format("%,d", old.size()));
    }

    @Test
    void anOutageFailsNamingTheSegmentAndARerunCompletesWithEveryEventOnce() throws Exception {
        // given
        List<String> old = old();
        List<String> all = ArchivedEvents.hotIds(database.dataSource());
        CompletableFuture<Result> running = CompletableFuture.supplyAsync(() -> run(300, "archive", "--before", CUTOFF));
        Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20))
                .until(() -> jdbc.queryForObject("select count(*) from archive_segment", Long.class) >= 3 || running.isDone());

        // when
        s3.stop();
        Result failed = running.get();

        // then
        assertThat(failed.status()).as(failed.out() + failed.err()).isEqualTo(1);
        assertThat(failed.err()).contains("Failed to archive segment s3a://" + BUCKET + "/replay/events/date=")
                .contains("restart").doesNotContain(S3ProxyServer.SECRET_KEY);

        // when the server is back
        s3 = S3ProxyServer.start(dir.resolve("s3"));
        Result rerun = run(300, "archive", "--before", CUTOFF);

        // then
        assertThat(rerun.status()).as(rerun.err()).isZero();
        assertThat(old()).isEmpty();
        assertThat(ArchivedEvents.duckDb(s3.bucketDirectory(BUCKET).resolve("replay"))).containsExactlyInAnyOrderElementsOf(old);
        assertThat(jdbc.queryForObject("select sum(rows) from archive_segment", Long.class)).isEqualTo(old.size());
        assertThat(ArchivedEvents.hotIds(database.dataSource())).hasSize(all.size() - old.size());
    }
}
