package dev.replay.config.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.archive.testing.S3ProxyServer;
import dev.replay.config.ReplayProcess;
import dev.replay.config.cli.CliRunner;
import dev.replay.config.cli.CliRunner.Result;
import dev.replay.readers.JdbcEventAppender;
import dev.replay.readers.sample.SampleEventSeeder;
import dev.replay.readers.sample.SeedSpec;
import java.time.Instant;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The platform as a chaos scenario drives it: one database, one archive (a local directory or an
 * S3 bucket), one work directory; every command gets the same options, in this JVM
 * ({@link #run}) or in a process of the jar that the test can kill ({@link #start}).
 */
final class ChaosTarget {

    static final String BUCKET = "archive";

    private final String jdbcUrl;
    private final DataSource dataSource;
    private final Path dir;
    private final Path archiveFiles;
    private final List<String> archiveOptions;
    private final String s3Endpoint;

    private ChaosTarget(String jdbcUrl, DataSource dataSource, Path dir, Path archiveFiles, List<String> archiveOptions,
                        String s3Endpoint) {
        this.s3Endpoint = s3Endpoint;
        this.jdbcUrl = jdbcUrl;
        this.dataSource = dataSource;
        this.dir = dir;
        this.archiveFiles = archiveFiles;
        this.archiveOptions = archiveOptions;
    }

    /** The archive in {@code dir/archive}, the data directory {@code dir/data}. */
    static ChaosTarget local(String jdbcUrl, DataSource dataSource, Path dir) {
        return new ChaosTarget(jdbcUrl, dataSource, dir, dir.resolve("archive"),
                List.of("--replay.archive.uri=" + dir.resolve("archive").toUri(), "--replay.data-dir=" + dir.resolve("data")), null);
    }

    /** The archive at {@code s3a://archive/replay} on {@code endpoint}, stored under {@code bucketDirectory}. */
    static ChaosTarget s3(String jdbcUrl, DataSource dataSource, Path dir, String endpoint, Path bucketDirectory) {
        return new ChaosTarget(jdbcUrl, dataSource, dir, bucketDirectory.resolve("replay"), List.of(
                "--replay.archive.uri=s3a://" + BUCKET + "/replay", "--replay.data-dir=" + dir.resolve("data"),
                "--replay.archive.s3a.endpoint=" + endpoint, "--replay.archive.s3a.region=us-east-1",
                "--replay.archive.s3a.path-style-access=true", "--replay.archive.s3a.ssl-enabled=false",
                "--replay.archive.s3a.access-key=" + S3ProxyServer.ACCESS_KEY,
                "--replay.archive.s3a.secret-key=" + S3ProxyServer.SECRET_KEY,
                // fail fast when the server is gone instead of retrying for minutes
                "--replay.archive.s3a.properties[fs.s3a.attempts.maximum]=1",
                "--replay.archive.s3a.properties[fs.s3a.retry.limit]=1",
                "--replay.archive.s3a.properties[fs.s3a.retry.interval]=10ms",
                "--replay.archive.s3a.properties[fs.s3a.retry.throttle.limit]=1"), endpoint);
    }

    /** The S3 endpoint every command is given, {@code http://127.0.0.1:<port>}; null for a local archive. */
    String s3Endpoint() {
        return s3Endpoint;
    }

    DataSource dataSource() {
        return dataSource;
    }

    Path dir() {
        return dir;
    }

    /** Where the archive's files are on this machine: {@code <here>/events/date=.../*.parquet}. */
    Path archiveFiles() {
        return archiveFiles;
    }

    private String[] withOptions(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(archiveOptions);
        all.add("--spring.datasource.url=" + jdbcUrl);
        all.add("--spring.datasource.username=postgres");
        return all.toArray(String[]::new);
    }

    /**
     * Appends the sample Account domain's events over 10 days from 2026-01-01 (what {@code seed}
     * appends), through the producers' append path without starting the application.
     */
    void seed(int events, int accounts) {
        long appended = new SampleEventSeeder(new JdbcEventAppender(dataSource), 1000, 1)
                .seed(new SeedSpec(events, accounts, 10, 42, Instant.parse("2026-01-01T00:00:00Z")), done -> { });
        assertThat(appended).isEqualTo(events);
        // producers' metadata and a newer schema version on some events: every stored column must survive
        new JdbcTemplate(dataSource).update("update events set metadata = jsonb_build_object('trace', event_id::text,"
                + " 'note', 'a, comma'), schema_version = case when event_type = 'AccountClosed' then 2 else 1 end"
                + " where version % 3 = 0");
    }

    /** Runs a command in this JVM. */
    Result run(String... args) {
        return CliRunner.run(withOptions(args));
    }

    /** Runs a command in this JVM and asserts that it exits 0. */
    Result succeed(String... args) {
        Result result = run(args);
        assertThat(result.status()).as("%s: %s%s", String.join(" ", args), result.out(), result.err()).isZero();
        return result;
    }

    /** Starts a command in its own JVM with {@code jvmArgs} (failpoints). */
    ReplayProcess start(List<String> jvmArgs, String... args) throws Exception {
        return ReplayProcess.start(dir, jvmArgs, withOptions(args));
    }
}
