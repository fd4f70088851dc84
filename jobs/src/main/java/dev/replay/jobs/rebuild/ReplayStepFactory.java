package dev.replay.jobs.rebuild;

import dev.replay.jobs.support.StepScopedReader;
import dev.replay.readers.AggregatePartition;
import dev.replay.readers.ArchivedEvents;
import dev.replay.readers.HotStore;
import dev.replay.readers.Event;
import dev.replay.readers.HotStore;
import dev.replay.readers.MergedEventReader;
import dev.replay.readers.ReadAheadShare;
import dev.replay.readers.builder.MergedEventReaderBuilder;
import dev.replay.readers.upcast.Upcasters;
import dev.replay.writers.BuildFoldPolicy;
import dev.replay.writers.Projection;
import dev.replay.writers.ProjectionItemWriter;
import dev.replay.writers.ReadModelBuilds;
import dev.replay.writers.ReadModelTarget;
import dev.replay.writers.builder.ProjectionItemWriterBuilder;
import org.springframework.batch.core.step.builder.ChunkOrientedStepBuilder;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * What the single-stream replay step and each partition of a partitioned one are made of, alike:
 * the chunk step, its reader of the run's events and its writer through the run's projection.
 *
 * <p>The reader and the writer of one step execution share the reader's
 * {@link dev.replay.readers.CheckpointHandoff}: a writer that folds across chunks holds the
 * reader's checkpoint ({@code events.start.after}) at its last write.
 */
final class ReplayStepFactory {

    /** The reader's name: its restart state is {@code events.start.after} and {@code events.high.water.mark}. */
    static final String READER = "events";

    private ReplayStepFactory() {
    }

    /** A chunk step replaying {@code reader}'s events through {@code writer}. */
    static ChunkOrientedStepBuilder<Event, Event> replayStep(StepBuilder step,
                                                             PlatformTransactionManager transactionManager,
                                                             RebuildSettings settings, MergedEventReader reader,
                                                             ProjectionItemWriter writer) {
        return replayStep(step, transactionManager, settings.chunkSize(), reader, writer);
    }

    /** As above, with chunks of {@code chunkSize} events. */
    static ChunkOrientedStepBuilder<Event, Event> replayStep(StepBuilder step,
                                                             PlatformTransactionManager transactionManager,
                                                             int chunkSize, MergedEventReader reader,
                                                             ProjectionItemWriter writer) {
        return step.<Event, Event>chunk(chunkSize)
                .transactionManager(transactionManager)
                .reader(new StepScopedReader<>(reader))
                .writer(writer); // which upcasts, so that a failing upcaster is an invalid event like any other
    }

    /** The run's events of {@code partition} in replay order; a catch-up reads the hot store only. */
    static MergedEventReader reader(RebuildRun run, RebuildSettings settings, HotStore readStore,
                                    ObjectProvider<ArchivedEvents> archive, AggregatePartition partition) {
        return reader(run, settings, readStore, archive, partition, 1);
    }

    /**
     * As above, for one of {@code readAheadReaders} readers that run at once in this process: it
     * holds ahead only its share of a single stream's pages and batches ({@link dev.replay.readers.ReadAheadShare}).
     */
    static MergedEventReader reader(RebuildRun run, RebuildSettings settings, HotStore readStore,
                                    ObjectProvider<ArchivedEvents> archive, AggregatePartition partition,
                                    int readAheadReaders) {
        boolean full = run.mode() == RebuildMode.FULL;
        return new MergedEventReaderBuilder()
                .name(READER)
                .hotStore(readStore)
                // archival holds back what committed at or after the lowest live mark (LiveMarkBound)
                .archive(full ? archive(archive) : ArchivedEvents.NONE)
                .partition(partition)
                .highWaterMark(run.highWaterMark())
                .pageSize(settings.pageSize())
                .readAheadShare(readAheadReaders)
                .historyComplete(full)
                .build();
    }

    /**
     * A full rebuild's writer folds across chunks when the projection offers it, flushing at the
     * latest when {@code reader} (the step's own, through its step-scope proxy) has no event left,
     * and holding {@code reader}'s checkpoint at its last flush.
     */
    static ProjectionItemWriter writer(RebuildRun run, Projections projections, ReadModelBuilds builds,
                                       RebuildSettings settings, MergedEventReader reader, int foldMaxHeld,
                                       Upcasters upcasters) {
        Projection projection = projections.get(run.projection());
        ReadModelTarget target = run.mode() == RebuildMode.FULL
                ? builds.resumeBuild(projection, run.build())
                : builds.live(projection).filter(live -> live.build() == run.build()) // never into a newer build
                        .orElseThrow(() -> new IllegalStateException("Projection [" + projection.name()
                                + "] build " + run.build() + " of this catch-up is no longer live"));
        BuildFoldPolicy fold = new BuildFoldPolicy(reader.checkpoint(), reader::atEnd, settings.flushEvents(),
                foldMaxHeld);
        return new ProjectionItemWriterBuilder().projection(projection).target(target)
                .skipInvalid(settings.skipInvalid()).foldPolicy(fold).upcasters(upcasters).build();
    }

    /**
     * Partitions of a run that read at once in one process: all of them, up to its partition
     * threads (as the fold's {@code foldMaxHeld} is shared); at least 1.
     */
    static int concurrentPartitions(Long partitions, RebuildSettings settings) {
        int threads = settings.partitionThreads();
        return partitions == null || partitions < 1 ? threads : (int) Math.min(partitions, threads);
    }

    /**
     * Events per chunk of one partition: its share of {@code chunk-size} among the partition
     * threads of a process ({@link ReadAheadShare}, never below 256 nor above the setting). A chunk
     * holds its events until written; {@code partition-threads} chunks of the full size would hold
     * that many times a single stream's, and keep them long enough (a partition reads at a fraction
     * of a stream's rate) for the collector to promote them, filling the old generation with garbage.
     */
    static int partitionChunkSize(RebuildSettings settings) {
        return new ReadAheadShare(settings.partitionThreads()).of(settings.chunkSize());
    }

    static ArchivedEvents archive(ObjectProvider<ArchivedEvents> archive) {
        return archive.getIfAvailable(() -> ArchivedEvents.NONE);
    }
}
