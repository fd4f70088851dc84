package dev.replay.jobs.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.readers.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Which unfinished rebuild executions a newer completed rebuild superseded, over real Spring Batch metadata. */
class SupersededRunsIT {

    private final TestDatabase database = TestDatabase.create();
    private final BatchMetadataRows rows = new BatchMetadataRows(database.dataSource());
    private final SupersededRuns superseded = new SupersededRuns(database.dataSource());

    @AfterEach
    void close() {
        database.close();
    }

    private long rebuild(String status, String projection, String mode) {
        return rows.execution(rows.instance("rebuild"), status, "projection", projection, "mode", mode, "run", "1");
    }

    @Test
    @DisplayName("Issue 16: a failed rebuild whose own restart completed is superseded by that restart")
    void aFailedExecutionIsSupersededByItsCompletedRestart() {
        // given
        long instance = rows.instance("rebuild");
        long failed = rows.execution(instance, "FAILED", "projection", "p", "mode", "full");
        long restarted = rows.execution(instance, "COMPLETED", "projection", "p", "mode", "full");

        // then
        assertThat(superseded.supersededBy(failed)).contains(restarted);
        assertThat(superseded.supersededBy(restarted)).isEmpty();
    }

    @Test
    @DisplayName("Issue 16: a newer completed full rebuild supersedes older unfinished full rebuilds and catch-ups, the first one naming it")
    void aNewerFullRebuildSupersedesFullAndCatchUp() {
        // given
        long stopped = rebuild("STOPPED", "p", "full");
        long killed = rebuild("STARTED", "p", "catch-up");
        long newer = rebuild("COMPLETED", "p", "full");
        rebuild("COMPLETED", "p", "full");

        // then
        assertThat(superseded.supersededBy(List.of(stopped, killed, newer))).containsOnlyKeys(stopped, killed)
                .containsEntry(stopped, newer).containsEntry(killed, newer);
    }

    @Test
    @DisplayName("Issue 16: a newer completed catch-up supersedes an older catch-up, not an unfinished full rebuild")
    void aNewerCatchUpSupersedesOnlyCatchUps() {
        // given
        long full = rebuild("FAILED", "p", "full");
        long catchUp = rebuild("FAILED", "p", "catch-up");
        long newer = rebuild("COMPLETED", "p", "catch-up");

        // then
        assertThat(superseded.supersededBy(full)).isEmpty();
        assertThat(superseded.supersededBy(catchUp)).contains(newer);
    }

    @Test
    @DisplayName("Issue 16: only a completed rebuild of the same projection, launched later, supersedes")
    void otherProjectionsOlderRunsAndUnfinishedOnesDoNotSupersede() {
        // given
        long older = rebuild("COMPLETED", "p", "full");
        long failed = rebuild("FAILED", "p", "full");
        rebuild("COMPLETED", "q", "full");
        rebuild("FAILED", "p", "full");
        long exportInstance = rows.instance("export");
        rows.execution(exportInstance, "COMPLETED", "projection", "p", "mode", "full");

        // then
        assertThat(superseded.supersededBy(failed)).isEmpty();
        assertThat(superseded.supersededBy(older)).isEmpty();
        assertThat(superseded.supersededBy(List.of())).isEmpty();
    }
}
