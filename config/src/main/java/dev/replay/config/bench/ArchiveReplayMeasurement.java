package dev.replay.config.bench;

import dev.replay.readers.ArchivedEvents;
import dev.replay.readers.HighWaterMark;
import dev.replay.readers.HotStore;
import dev.replay.readers.MergedEventReader;
import dev.replay.readers.builder.MergedEventReaderBuilder;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * {@code bench}'s replay of the archive into a projection that does nothing: every archived event
 * through the reader a full rebuild uses ({@link MergedEventReader} over the catalog's segments,
 * each decoded ahead on its own thread, footers and checksums checked, versions checked), its
 * restart state saved once per chunk as a chunk step would, and no writer. The hot store's part is
 * bounded to nothing (high-water mark {@code 0..1}: no transaction id lies below 1), so only the
 * archive is read whatever the hot store holds (but for an adopted table's rows without a commit
 * order, which every mark reads: then the replay fails, naming how many it read). What a rebuild
 * over the archive could reach if applying cost nothing. Not thread-safe.
 */
public final class ArchiveReplayMeasurement {

    /** Nothing in the hot store lies below it: the merge reads the archive alone. */
    private static final HighWaterMark NOTHING_HOT = HighWaterMark.fullReplay(1);

    private final HotStore hotStore;
    private final ArchivedEvents archive;
    private final int chunkSize;

    public ArchiveReplayMeasurement(HotStore hotStore, ArchivedEvents archive, int chunkSize) {
        this.hotStore = hotStore;
        this.archive = archive;
        this.chunkSize = chunkSize;
    }

    /**
     * The events replayed, every one of them from the archive.
     *
     * @throws IllegalStateException when an event came from the hot store, which would measure something else
     */
    public long replay() {
        MergedEventReader reader = new MergedEventReaderBuilder().name("bench-archive-replay").hotStore(hotStore)
                .archive(archive).highWaterMark(NOTHING_HOT).historyComplete(true).build();
        ExecutionContext context = new ExecutionContext();
        reader.open(context);
        try {
            long events = 0;
            while (reader.read() != null) {
                if (++events % chunkSize == 0) {
                    reader.update(context); // the checkpoint a chunk step saves; no write
                }
            }
            reader.update(context);
            if (reader.hotCount() != 0) {
                throw new IllegalStateException("The archive replay read " + reader.hotCount() + " hot events (rows of "
                        + hotStore.table() + " without a commit order), so it did not measure the archive alone");
            }
            return events;
        } finally {
            reader.close();
        }
    }
}
