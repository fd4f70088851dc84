package dev.replay.config.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.archive.testing.S3ProxyServer;
import dev.replay.config.ReplayProcess;
import dev.replay.readers.testing.TestDatabase;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The S3 store goes away mid-archive: the archive job is paused at a failpoint just after a
 * segment was written to S3 (before it is read back, verified and committed), s3proxy is stopped,
 * the job goes on and fails; s3proxy comes back on the same port with the same objects, and a
 * plain rerun ends exact.
 */
@DisplayName("Issue 12 chaos: S3 store stopped mid-archive, then a rerun")
class S3OutageChaosIT {

    private TestDatabase database;
    private S3ProxyServer s3;
    private ChaosTarget target;
    private AllEvents events;

    @TempDir
    Path dir;

    @BeforeEach
    void seed() {
        database = TestDatabase.create();
        s3 = S3ProxyServer.start(dir.resolve("s3"));
        s3.createBucket(ChaosTarget.BUCKET);
        target = ChaosTarget.s3(database.jdbcUrl(), database.dataSource(), dir, s3.endpoint(),
                s3.bucketDirectory(ChaosTarget.BUCKET));
        target.seed(4000, 100);
        events = new AllEvents(database.dataSource());
        events.recordAppended();
    }

    @AfterEach
    void close() {
        s3.close();
        database.close();
    }

    @Test
    @DisplayName("Issue 12 chaos: s3proxy stopped mid-archive (a segment written, not verified or committed) and started again; rerun: exact")
    void midArchive() throws Exception {
        // given
        String[] archive = {"archive", "--before", KillAtFailpointChaosIT.CUTOFF, "--replay.archive.segment-max-rows=300"};
        String failpoint = "archive.segment.written:3";

        // when
        try (ReplayProcess process = target.start(List.of("-Dreplay.failpoint=" + failpoint, PostgresRestartChaosIT.PAUSE),
                archive)) {
            process.awaitLine("FAILPOINT archive.segment.written", Duration.ofMinutes(2));
            s3.stop();
            assertThat(process.waitForExit(Duration.ofMinutes(2))).as(process.output()).isEqualTo(1);
        }
        s3 = S3ProxyServer.start(dir.resolve("s3"), URI.create(target.s3Endpoint()).getPort());
        target.succeed(archive);
        target.succeed("rebuild", "account-balances");
        target.succeed("rebuild", "event-counts");

        // then
        Exactness.assertExact(target, events);
    }
}
