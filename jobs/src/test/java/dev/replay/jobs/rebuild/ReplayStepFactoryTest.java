package dev.replay.jobs.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ReplayStepFactoryTest {

    private static RebuildSettings threads(int partitionThreads) {
        return new RebuildSettings(RebuildSettings.DEFAULT_CHUNK_SIZE, RebuildSettings.DEFAULT_PAGE_SIZE, false, 0,
                partitionThreads, RebuildSettings.DEFAULT_FLUSH_EVENTS, RebuildSettings.DEFAULT_FOLD_MAX_HELD);
    }

    @Test
    @DisplayName("Issue 15: the partitions that share a process's read-ahead are those that run at once in it")
    void partitionsRunningAtOnceShareTheReadAhead() {
        assertThat(ReplayStepFactory.concurrentPartitions(4L, threads(4))).isEqualTo(4);
        assertThat(ReplayStepFactory.concurrentPartitions(2L, threads(4))).isEqualTo(2);
        assertThat(ReplayStepFactory.concurrentPartitions(16L, threads(4))).isEqualTo(4);
        assertThat(ReplayStepFactory.concurrentPartitions(8L, threads(1))).isEqualTo(1);
        assertThat(ReplayStepFactory.concurrentPartitions(null, threads(3))).isEqualTo(3);
    }

    @Test
    @DisplayName("Issue 15: a partition's chunks are its share of chunk-size among the partition threads, at least 256")
    void aPartitionsChunkIsItsShareOfTheChunkSize() {
        assertThat(ReplayStepFactory.partitionChunkSize(threads(4))).isEqualTo(5000);
        assertThat(ReplayStepFactory.partitionChunkSize(threads(1))).isEqualTo(20_000);
        assertThat(ReplayStepFactory.partitionChunkSize(new RebuildSettings(1000, 20_000, false, 0, 4,
                RebuildSettings.DEFAULT_FLUSH_EVENTS, RebuildSettings.DEFAULT_FOLD_MAX_HELD))).isEqualTo(256);
        assertThat(ReplayStepFactory.partitionChunkSize(new RebuildSettings(100, 20_000, false, 0, 4,
                RebuildSettings.DEFAULT_FLUSH_EVENTS, RebuildSettings.DEFAULT_FOLD_MAX_HELD))).isEqualTo(100);
    }
}
