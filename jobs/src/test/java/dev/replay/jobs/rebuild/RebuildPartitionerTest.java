package dev.replay.jobs.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.readers.AggregatePartition;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.batch.infrastructure.item.ExecutionContext;

class RebuildPartitionerTest {

    @Test
    @DisplayName("Issue 15: a new partitioned run splits by hash range, named in each partition's context")
    void newRunsSplitByRange() {
        Map<String, ExecutionContext> contexts = new RebuildPartitioner(3).partition(8);

        assertThat(contexts).containsOnlyKeys("partition0", "partition1", "partition2");
        assertThat(RebuildPartitioner.of(contexts.get("partition2")))
                .isEqualTo(new AggregatePartition(2, 3, AggregatePartition.Scheme.RANGE));
    }

    @Test
    @DisplayName("Issue 15: a partition of a run started before the range scheme restarts with the modulo split it had")
    void contextsWithoutASchemeKeepTheModuloSplit() {
        ExecutionContext before = new ExecutionContext();
        before.putInt(RebuildPartitioner.INDEX, 1);
        before.putInt(RebuildPartitioner.COUNT, 4);

        AggregatePartition partition = RebuildPartitioner.of(before);

        assertThat(partition).isEqualTo(new AggregatePartition(1, 4, AggregatePartition.Scheme.MODULO));
        // the two splits differ: a restart under the other one would read other aggregates
        long hash = AggregatePartition.hash("Account", "acc-7");
        assertThat(partition.contains("Account", "acc-7")).isEqualTo(hash % 4 == 1);
    }
}
