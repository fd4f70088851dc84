package dev.replay.config.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.archive.testing.S3ProxyServer;
import dev.replay.config.cli.CliRunner;
import dev.replay.config.cli.CliRunner.Result;
import dev.replay.readers.testing.TestDatabase;
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

/** An export through the real S3A client to a real S3-compatible server on 127.0.0.1. */
class ExportS3IT {

    private static final String BUCKET = "exports";

    private TestDatabase database;
    private S3ProxyServer s3;

    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        database = TestDatabase.create();
        assertThat(CliRunner.against(database.jdbcUrl(), "seed", "--events", "2000", "--accounts", "50", "--days", "3")
                .status()).isZero();
        s3 = S3ProxyServer.start(dir.resolve("s3"));
        s3.createBucket(BUCKET);
    }

    @AfterEach
    void stop() {
        s3.close();
        database.close();
    }

    @Test
    void jsonLinesGoToNumberedPartsThatTogetherHoldTheEventsInReplayOrder() throws Exception {
        // given
        List<String> expected = ExportedEvents.hot(database.dataSource(), "event_type = 'Deposited'");

        // when
        Result export = CliRunner.against(database.jdbcUrl(), "export", "--event-type", "Deposited",
                "--out", "s3a://" + BUCKET + "/replay/deposits.jsonl", "--replay.export.chunk-size=250",
                "--replay.data-dir=" + dir.resolve("data"),
                "--replay.archive.s3a.endpoint=" + s3.endpoint(), "--replay.archive.s3a.region=us-east-1",
                "--replay.archive.s3a.path-style-access=true", "--replay.archive.s3a.ssl-enabled=false",
                "--replay.archive.s3a.access-key=" + S3ProxyServer.ACCESS_KEY,
                "--replay.archive.s3a.secret-key=" + S3ProxyServer.SECRET_KEY);

        // then
        assertThat(export.status()).as(export.err()).isZero();
        assertThat(export.out() + export.err()).doesNotContain(S3ProxyServer.SECRET_KEY)
                .contains("s3a://" + BUCKET + "/replay/deposits.jsonl");
        Path parts = s3.bucketDirectory(BUCKET).resolve("replay/deposits.jsonl");
        List<String> names = ExportedEvents.files(parts).stream().filter(name -> name.startsWith("part-")).toList();
        assertThat(names).hasSizeGreaterThan(1).first().isEqualTo("part-00000.jsonl");
        List<String> rows = new ArrayList<>();
        for (String name : names) {
            rows.addAll(ExportedEvents.jsonLines(parts.resolve(name)));
        }
        assertThat(rows).containsExactlyElementsOf(ExportedEvents.normalizedPayloads(expected));
        assertThat(Files.exists(parts.resolve("_SUCCESS"))).isTrue();
    }

    private Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--replay.data-dir=" + dir.resolve("data"), "--replay.archive.uri=s3a://" + BUCKET + "/archive/",
                "--replay.archive.s3a.endpoint=" + s3.endpoint(), "--replay.archive.s3a.region=us-east-1",
                "--replay.archive.s3a.path-style-access=true", "--replay.archive.s3a.ssl-enabled=false",
                "--replay.archive.s3a.access-key=" + S3ProxyServer.ACCESS_KEY,
                "--replay.archive.s3a.secret-key=" + S3ProxyServer.SECRET_KEY));
        return CliRunner.against(database.jdbcUrl(), all.toArray(String[]::new));
    }

    private static List<Path> files(Path root) throws Exception {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    @DisplayName("Issue 12 defect 1: export --overwrite into an s3a archive exits 2 and keeps every segment; an export's own parts are replaced, a foreign object is not")
    void anOverwriteKeepsOffTheS3aArchiveAndForeignObjects() throws Exception {
        // given: part of the history archived to s3a://exports/archive, an earlier export beside it
        List<String> deposits = ExportedEvents.hot(database.dataSource(), "event_type = 'Deposited'");
        Result archived = run("archive", "--before", "2026-01-02T00:00:00Z");
        assertThat(archived.status()).as(archived.err()).isZero();
        List<Path> segments = files(s3.bucketDirectory(BUCKET).resolve("archive"));
        assertThat(segments).anyMatch(path -> path.toString().endsWith(".parquet"));
        Result earlier = run("export", "--format", "parquet", "--out", "s3a://" + BUCKET + "/replay/all");
        assertThat(earlier.status()).as(earlier.err()).isZero();

        // when
        Result intoArchive = run("export", "--format", "parquet", "--out", "s3a://" + BUCKET + "/archive/events", "--overwrite");

        // then
        assertThat(intoArchive.status()).as(intoArchive.out() + intoArchive.err()).isEqualTo(2);
        assertThat(intoArchive.err()).contains("out s3a://" + BUCKET + "/archive/events lies inside the archive"
                + " (replay.archive.uri) at s3a://" + BUCKET + "/archive/");
        assertThat(files(s3.bucketDirectory(BUCKET).resolve("archive"))).isEqualTo(segments);

        // when: someone else's object in the earlier export's directory
        Path parts = s3.bucketDirectory(BUCKET).resolve("replay/all");
        Files.writeString(parts.resolve("notes.txt"), "keep me\n");
        Result foreign = run("export", "--format", "parquet", "--out", "s3a://" + BUCKET + "/replay/all", "--overwrite");

        // then
        assertThat(foreign.status()).as(foreign.out() + foreign.err()).isEqualTo(2);
        assertThat(foreign.err()).contains("out s3a://" + BUCKET + "/replay/all").contains("notes.txt");
        assertThat(parts.resolve("notes.txt")).hasContent("keep me");

        // when: only the export's own files are there
        Files.delete(parts.resolve("notes.txt"));
        Result overwritten = run("export", "--format", "parquet", "--event-type", "Deposited",
                "--out", "s3a://" + BUCKET + "/replay/all", "--overwrite");

        // then
        assertThat(overwritten.status()).as(overwritten.err()).isZero();
        assertThat(ExportedEvents.duckDbParquet(parts)).containsExactlyElementsOf(deposits);
    }
}
