package dev.replay.archive;

import dev.replay.readers.Event;
import dev.replay.readers.HighWaterMark;
import dev.replay.readers.HotStore;
import dev.replay.readers.JdbcEventReader;
import dev.replay.readers.builder.JdbcEventReaderBuilder;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.apache.hadoop.fs.Path;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Moves a run's events from the hot store into segments, copy, verify, then commit: it reads the
 * events with {@code occurred_at} before the run's cutoff, committed below its high-water mark,
 * in replay order, and cuts them into chunks of one UTC day that end with the day or at the row or
 * byte bound ({@link ArchiveSettings}). A chunk is written as one segment, or, when it is large
 * enough, as one segment per group of partition buckets ({@link SegmentChunkWriter},
 * {@link ArchiveSettings#bucketFiles}), each in replay order. The chunk's segments are closed, read
 * back to verify them, forced to disk, and only then committed together: catalog rows in, the
 * chunk's events out, in one transaction ({@link SegmentCommit}). Memory stays bounded by one
 * reader page, the events held until a chunk is known to be large enough to split (at most
 * {@code bucketFiles × MIN_ROWS_PER_BUCKET_FILE}), and about one Parquet row group across the
 * chunk's writers.
 *
 * <p>Pipeline: a chunk's verification and commit run on a thread of their own
 * ({@link SegmentPipeline}, {@code archive-commit}) while the next chunk is read and written;
 * {@link #next} waits for that commit before it hands the following one over, so at most one
 * chunk is in flight, and a failed commit fails the run before anything else is committed. The
 * two never touch the same rows: the reader is already past the committing chunk's last key.
 *
 * <p>Restart: no reader position is kept, none is needed. Committed events have left the hot
 * store, so {@link #open} on a restarted run reads from the start what is left below the cutoff.
 * A chunk that did not commit left at most orphan files ({@link ArchiveOrphanCleanup});
 * segment numbers continue after the run's catalogued segments, so paths never collide.
 *
 * <p>Failures (file system, verification, commit) are {@link SegmentArchivalException}s naming
 * the segment. Not thread-safe: one run at a time, open to close, which the caller guarantees.
 */
public final class SegmentArchiver implements AutoCloseable {

    /**
     * 4713-01-01 BC, the earliest instant the JDBC driver binds as itself (earlier ones it sends as
     * {@code -infinity}): a run reads from here, so an {@code occurred_at} of {@code -infinity}
     * stays in the hot store instead of failing the run ({@code infinity} is after every cutoff).
     */
    public static final Instant FINITE_FROM = Instant.parse("-4712-01-01T00:00:00Z");

    /**
     * Events a bucket group's segment holds at least when a chunk is split: a chunk of 16,384
     * events or more is split eight ways, a smaller one into fewer groups, one of under 4,096 not at
     * all. Each file costs about 0.3 ms to open beyond decoding its events (measured: 1,460 files of
     * about 1,000 events read 24% slower than 365 of 4,100), so a file of at least 2,048 events
     * keeps that under about a sixth of its decoding.
     */
    static final int MIN_ROWS_PER_BUCKET_FILE = 2048;

    private final HotStore hotStore;
    private final DataSource primary;
    private final ArchiveFileSystems fileSystems;
    private final ArchiveCatalog catalog;
    private final ArchiveSettings settings;
    private final ArchivalHooks hooks;
    private final SegmentCommit commit;
    private final SegmentDurability durability;

    private String runId;
    private HighWaterMark mark;
    private ArchiveStoreId store;
    private JdbcEventReader reader;
    private SegmentPipeline pipeline;
    private Event pending;
    private int sequence;
    private long remaining;

    public SegmentArchiver(HotStore hotStore, ArchiveFileSystems fileSystems, ArchiveCatalog catalog,
                           PlatformTransactionManager transactionManager, ArchiveSettings settings,
                           ArchivalHooks hooks) {
        this(hotStore, fileSystems, catalog, transactionManager, settings, hooks,
                new SegmentDurability(SegmentDurability.CHANNEL));
    }

    SegmentArchiver(HotStore hotStore, ArchiveFileSystems fileSystems, ArchiveCatalog catalog,
                    PlatformTransactionManager transactionManager, ArchiveSettings settings,
                    ArchivalHooks hooks, SegmentDurability durability) {
        this.hotStore = Objects.requireNonNull(hotStore, "hotStore");
        this.primary = hotStore.dataSource();
        this.fileSystems = Objects.requireNonNull(fileSystems, "fileSystems");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.hooks = Objects.requireNonNull(hooks, "hooks");
        this.durability = Objects.requireNonNull(durability, "durability");
        this.commit = new SegmentCommit(catalog, hotStore, transactionManager, hooks);
    }

    /**
     * Starts (or restarts) run {@code runId}: events before {@code before} committed below
     * {@code mark}, of which the hot store held {@code eventsTotal} when the run began.
     *
     * @return the events still to archive, by the run's count less what its segments hold
     */
    public long open(String runId, Instant before, HighWaterMark mark, long eventsTotal) {
        close();
        this.runId = Objects.requireNonNull(runId, "runId");
        this.mark = Objects.requireNonNull(mark, "mark");
        this.store = ArchiveStoreId.of(primary);
        ArchiveCatalog.RunTotals totals = catalog.runTotals(runId);
        sequence = totals.segments();
        remaining = Math.max(0, eventsTotal - totals.rows());
        pending = null;
        hotStore.analyzeIfStale(); // a restart skips the prepare step, which analyses a fresh bulk load
        // reads from the start of what is left: committed segments' events are gone
        reader = new JdbcEventReaderBuilder()
                .name("events")
                .hotStore(hotStore)
                .highWaterMark(mark)
                .from(FINITE_FROM) // -infinity stays in the hot store, named by the prepare step
                .to(before)
                .pageSize(settings.pageSize())
                // archival moves events as they are; continuity is for replays and 'verify' to judge
                .versionCheck(false)
                .historyComplete(false)
                .build();
        reader.open(new ExecutionContext());
        pipeline = new SegmentPipeline(runId);
        return remaining;
    }

    /** The events still to archive when the run was opened. */
    public long remaining() {
        return remaining;
    }

    /**
     * Writes the next chunk (its segments: one, or one per bucket group of a chunk large enough to
     * split, {@link ArchiveSettings#bucketFiles}), waits for the previous chunk's commit
     * ({@code committed} hears of each of its segments), and hands this one over for verification
     * and commit. With no events left, it waits for the last commit instead and returns false.
     *
     * @param read called once for every event read into the chunk
     * @param committed called with each segment whose commit finished, on the caller's thread
     * @throws SegmentArchivalException naming the segment that failed
     */
    public boolean next(Runnable read, Consumer<SegmentInfo> committed) {
        Event first = nextEvent();
        if (first == null) {
            pipeline.awaitCommit(committed);
            return false;
        }
        LocalDate day = ArchiveLayout.partitionDate(first.occurredAt());
        List<SegmentInfo> chunk = write(day, first, read);
        hooks.segmentWritten();
        pipeline.awaitCommit(committed); // the previous chunk committed while this one was written
        pipeline.submit(() -> {
            verifyAndCommit(chunk);
            hooks.segmentCommitted();
            return chunk;
        });
        return true;
    }

    /** Waits for a commit still running (after a failure elsewhere it ends as it would alone), then releases the reader. */
    @Override
    public void close() {
        if (pipeline != null) {
            pipeline.close();
            pipeline = null;
        }
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }

    /**
     * Reads one chunk into its segments: the events of one day up to the row and byte bounds. The
     * first {@code bucketFiles × MIN_ROWS_PER_BUCKET_FILE} events are held until the chunk is known
     * to be that large; a smaller chunk gets fewer groups (at least that many rows a file), so that a
     * quiet day is not cut into files of a few events.
     */
    private List<SegmentInfo> write(LocalDate day, Event first, Runnable read) {
        int groups = settings.bucketFiles();
        int holdLimit = groups == 1 ? 0 : groups * MIN_ROWS_PER_BUCKET_FILE;
        List<Event> held = new ArrayList<>();
        SegmentChunkWriter writer = null;
        try {
            long rows = 0;
            long bytes = 0;
            Event event = first;
            do {
                if (writer == null && held.size() < holdLimit) {
                    held.add(event);
                } else {
                    if (writer == null) {
                        writer = chunkWriter(day, groups, held);
                    }
                    writer.write(event);
                }
                read.run();
                rows++;
                bytes += estimatedBytes(event);
                event = nextEvent();
            } while (event != null && rows < settings.segmentMaxRows() && bytes < settings.segmentMaxBytes()
                    && ArchiveLayout.partitionDate(event.occurredAt()).equals(day));
            pending = event;
            if (writer == null) {
                writer = chunkWriter(day, groupsFor(held.size(), groups), held);
            }
            return writer.finish();
        } catch (RuntimeException e) {
            String path = writer != null && writer.firstPath() != null ? writer.firstPath()
                    : fileSystems.layout().segment(day, store, runId, sequence).toString();
            throw new SegmentArchivalException(path, "writing it failed: " + e.getMessage(), e);
        } finally {
            if (writer != null) {
                writer.close(); // abandons what did not finish
            }
        }
    }

    /** A writer for the chunk, given the events held so far. */
    private SegmentChunkWriter chunkWriter(LocalDate day, int groups, List<Event> held) {
        SegmentChunkWriter writer = new SegmentChunkWriter(fileSystems.fileSystem(), day, settings.writeOptions(), store,
                groups, () -> fileSystems.layout().segment(day, store, runId, sequence++));
        held.forEach(writer::write);
        held.clear();
        return writer;
    }

    /** Groups for a chunk of {@code rows}: a power of two, at most {@code groups}, at least that many rows each. */
    static int groupsFor(int rows, int groups) {
        return Math.min(groups, Integer.highestOneBit(Math.max(1, rows / MIN_ROWS_PER_BUCKET_FILE)));
    }

    private void verifyAndCommit(List<SegmentInfo> chunk) {
        SegmentInfo current = chunk.get(0);
        try {
            // on disk before anything trusts them: the commit deletes their events from the hot store
            durability.makeDurable(chunk.stream().map(segment -> new Path(segment.path())).toList());
            for (SegmentInfo segment : chunk) {
                current = segment;
                ParquetSegmentReader.verify(fileSystems.fileSystem(), segment);
            }
            current = chunk.get(0);
            commit.commit(chunk, runId, mark);
        } catch (SegmentArchivalException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SegmentArchivalException(current.path(), e.getMessage(), e);
        }
    }

    private Event nextEvent() {
        if (pending != null) {
            Event event = pending;
            pending = null;
            return event;
        }
        return reader.read();
    }

    private static long estimatedBytes(Event event) {
        // fixed-width columns (uuid, version, timestamp, schema version) plus the texts
        return 36 + event.aggregateType().length() + event.aggregateId().length() + event.eventType().length()
                + event.payload().length();
    }
}
