package dev.replay.jobs.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.readers.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Progress and counts of executions from real Spring Batch metadata. */
class JdbcJobProgressIT {

    private final TestDatabase database = TestDatabase.create();
    private final BatchMetadataRows rows = new BatchMetadataRows(database.dataSource());

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    @DisplayName("Issue 16: a partitioned rebuild's done and read count are its partitions' summed over its instance, not its manager step's")
    void aPartitionedRebuildCountsItsPartitions() {
        // given: a first execution whose partitions read 300 and 200 before it failed, and its restart
        long instance = rows.instance("rebuild");
        long failed = rows.execution(instance, "FAILED", "projection", "p", "mode", "full", "partitions", "2");
        rows.step(failed, "prepare", 0);
        rows.step(failed, "replay-partition:partition0", 300);
        rows.step(failed, "replay-partition:partition1", 200);
        long restarted = rows.execution(instance, "COMPLETED", "projection", "p", "mode", "full", "partitions", "2");
        rows.step(restarted, "replay-partition:partition1", 400);
        rows.step(restarted, "replay-partitioned", 400); // the manager, which sums its partitions when it ends
        rows.step(restarted, "finish", 0);

        // when
        JobProgress progress = new JdbcJobProgress(database.dataSource()).of(List.of(restarted)).get(restarted);
        JdbcJobHistory history = new JdbcJobHistory(database.dataSource());

        // then
        assertThat(progress.done()).isEqualTo(900);
        assertThat(history.find(restarted).orElseThrow().readCount()).isEqualTo(400);
        assertThat(history.partitions(List.of(failed, restarted))).containsEntry(failed, 2).containsEntry(restarted, 2);
    }
}
