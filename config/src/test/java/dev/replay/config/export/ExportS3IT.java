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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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
}
