package dev.replay.jobs.rebuild;

import dev.replay.readers.AggregatePartition;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Splits a rebuild's replay into the run's number of partitions by aggregate: partition {@code i}
 * gets {@code partition.index = i} and {@code partition.count = n} in its step's ExecutionContext,
 * and {@code partition.scheme = RANGE}, and is named {@code partition<i>} (its step execution
 * {@code replay-partition:partition<i>}). A context without a scheme is a partition of a run
 * started before the range scheme: it keeps {@link AggregatePartition.Scheme#MODULO}, so its
 * restart reads exactly the aggregates its first execution did.
 * The number comes from the job's {@code partitions} parameter, not from the grid size, so a
 * restart splits exactly as the first execution did. Immutable and thread-safe.
 */
class RebuildPartitioner implements Partitioner {

    static final String INDEX = "partition.index";
    static final String COUNT = "partition.count";
    static final String SCHEME = "partition.scheme";

    private final int partitions;

    RebuildPartitioner(int partitions) {
        new AggregatePartition(0, partitions); // validates the count
        this.partitions = partitions;
    }

    @Override
    public Map<String, ExecutionContext> partition(int gridSize) {
        Map<String, ExecutionContext> contexts = new LinkedHashMap<>();
        for (int i = 0; i < partitions; i++) {
            ExecutionContext context = new ExecutionContext();
            context.putInt(INDEX, i);
            context.putInt(COUNT, partitions);
            context.putString(SCHEME, AggregatePartition.Scheme.RANGE.name());
            contexts.put("partition" + i, context);
        }
        return contexts;
    }

    /** The partition a worker step's ExecutionContext was given. */
    static AggregatePartition of(ExecutionContext context) {
        if (!context.containsKey(INDEX) || !context.containsKey(COUNT)) {
            throw new IllegalStateException("Step ExecutionContext has no " + INDEX + " and " + COUNT
                    + ": the replay-partition step runs only as a partition of a partitioned rebuild");
        }
        AggregatePartition.Scheme scheme = context.containsKey(SCHEME)
                ? AggregatePartition.Scheme.valueOf(context.getString(SCHEME)) : AggregatePartition.Scheme.MODULO;
        return new AggregatePartition(context.getInt(INDEX), context.getInt(COUNT), scheme);
    }
}
