package dev.replay.config.chaos;

import dev.replay.config.ReplayProcess;
import dev.replay.readers.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of each job at a failpoint (frozen there, then killed from outside), over the archive
 * and the hot store merged; the plain rerun of the same command ends exact: every appended event
 * stored once, {@code verify} clean, read models (or the export) equal to the SQL computation.
 */
@DisplayName("Issue 12 chaos: kill -9 at a failpoint, then a rerun")
class KillAtFailpointChaosIT {

    static final String CUTOFF = "2026-01-06T00:00:00Z";

    private TestDatabase database;
    private ChaosTarget target;
    private AllEvents events;

    @TempDir
    Path dir;

    @BeforeEach
    void seed() {
        database = TestDatabase.create();
        target = ChaosTarget.local(database.jdbcUrl(), database.dataSource(), dir);
        target.seed(4000, 100);
        events = new AllEvents(database.dataSource());
        events.recordAppended();
    }

    @AfterEach
    void close() {
        database.close();
    }

    private void killAt(String failpoint, String... args) throws Exception {
        try (ReplayProcess process = target.start(List.of("-Dreplay.failpoint=" + failpoint), args)) {
            process.awaitLine("FAILPOINT " + failpoint.split(":")[0], Duration.ofMinutes(2));
            process.kill();
        }
    }

    @Test
    @DisplayName("Issue 12 chaos: rebuild killed with a chunk written but not committed, over archive and hot store; rerun: exact")
    void rebuild() throws Exception {
        // given: half the events archived, so the killed chunks come from the merge of both tiers
        target.succeed("archive", "--before", CUTOFF, "--replay.archive.segment-max-rows=300");
        String[] rebuild = {"rebuild", "account-balances", "--replay.rebuild.chunk-size=200", "--replay.rebuild.flush-events=600"};

        // when
        killAt("rebuild.replay.chunk-written:11", rebuild);
        target.succeed(rebuild);
        target.succeed("rebuild", "event-counts");

        // then
        Exactness.assertExact(target, events);
    }

    @Test
    @DisplayName("Issue 12 chaos: archive killed with a segment catalogued and its events deleted but not committed; rerun: exact")
    void archive() throws Exception {
        // given
        String[] archive = {"archive", "--before", CUTOFF, "--replay.archive.segment-max-rows=300"};

        // when
        killAt("archive.segment.before-commit:3", archive);
        target.succeed(archive);
        target.succeed("rebuild", "account-balances");
        target.succeed("rebuild", "event-counts");

        // then
        Exactness.assertExact(target, events);
    }

    @Test
    @DisplayName("Issue 12 chaos: Parquet export over archive and hot store killed with a part written but not committed; rerun: exact")
    void export() throws Exception {
        // given
        target.succeed("archive", "--before", CUTOFF, "--replay.archive.segment-max-rows=300");
        Path out = dir.resolve("export");
        String[] export = {"export", "--format", "parquet", "--out", out.toString(), "--replay.export.chunk-size=400"};

        // when
        killAt("export.chunk-before-commit:4", export);
        target.succeed(export);

        // then: the export holds every event once, and SQL over it computes what SQL over the ledger does
        events.collectExported(out);
        events.assertExactlyTheAppendedEvents(AllEvents.EXPORTED);
        events.assertSameResultsAsTheLedger(AllEvents.EXPORTED);
        events.collectStored(target.archiveFiles());
        events.assertExactlyTheAppendedEvents(AllEvents.STORED);
        Exactness.assertVerifyClean(target);
    }
}
