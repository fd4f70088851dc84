package dev.replay.readers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AggregatePartitionTest {

    @ParameterizedTest(name = "{0} partitions")
    @ValueSource(ints = {1, 2, 3, 4, 7, 64, 100, 1024})
    @DisplayName("Issue 15: range partitions cover the 2^32 hashes in contiguous ranges, once, and contain exactly their range")
    void rangesTileTheHashSpace(int count) {
        long next = 0;
        for (int index = 0; index < count; index++) {
            AggregatePartition partition = new AggregatePartition(index, count);
            assertThat(partition.lowestHash()).isEqualTo(next);
            next = partition.highestHash() + 1;
            assertThat(partition.highestHash()).isGreaterThanOrEqualTo(partition.lowestHash());
        }
        assertThat(next).isEqualTo(AggregatePartition.HASHES);
    }

    @ParameterizedTest(name = "{0} partitions")
    @ValueSource(ints = {2, 3, 4, 5, 64, 100})
    @DisplayName("Issue 15: a partition's buckets are those its range touches; whole ones only inside it")
    void bucketsOfAPartition(int count) {
        List<Integer> all = new ArrayList<>();
        for (int index = 0; index < count; index++) {
            AggregatePartition partition = new AggregatePartition(index, count);
            for (PartitionBuckets.Bucket bucket : PartitionBuckets.of(partition)) {
                long first = (long) bucket.index() << 26;
                long last = first + (1L << 26) - 1;
                assertThat(first).isLessThanOrEqualTo(partition.highestHash());
                assertThat(last).isGreaterThanOrEqualTo(partition.lowestHash());
                assertThat(bucket.whole()).isEqualTo(first >= partition.lowestHash() && last <= partition.highestHash());
                all.add(bucket.index());
            }
        }
        // every bucket read; only those two neighbours share are read twice
        assertThat(all).containsAll(java.util.stream.IntStream.range(0, 64).boxed().toList());
        assertThat(all.size()).isLessThanOrEqualTo(64 + count - 1);
        if (64 % count == 0) {
            assertThat(all).hasSize(64).doesNotHaveDuplicates();
        }
    }

    @ParameterizedTest(name = "{0} partitions")
    @ValueSource(ints = {3, 4, 1000})
    @DisplayName("Issue 15: contains agrees with the hash range, at its edges too")
    void containsIsTheRange(int count) {
        for (int i = 0; i < 4_000_000 / count; i++) {
            String id = "acc-" + i;
            long hash = AggregatePartition.hash("Account", id);
            int owners = 0;
            for (int index = 0; index < count; index++) {
                AggregatePartition partition = new AggregatePartition(index, count);
                boolean inRange = hash >= partition.lowestHash() && hash <= partition.highestHash();
                assertThat(partition.contains("Account", id)).isEqualTo(inRange);
                owners += inRange ? 1 : 0;
            }
            assertThat(owners).isEqualTo(1);
        }
    }
}
