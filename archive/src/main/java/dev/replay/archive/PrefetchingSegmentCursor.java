package dev.replay.archive;

import dev.replay.readers.AggregatePartition;
import dev.replay.readers.ArchivedSegmentRef;
import dev.replay.readers.Event;
import dev.replay.readers.EventCursor;
import dev.replay.readers.EventFilter;
import dev.replay.readers.EventKey;
import dev.replay.readers.ReadAheadShare;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reads one catalogued segment on a daemon thread of its own, {@code <file>-prefetch}, handing
 * decoded events to the caller in batches through a queue of two: Parquet decoding overlaps the
 * caller's work, and at most four batches of a segment are in memory (the caller's, two queued,
 * one being filled). A batch is {@link #BATCH} events, or the reader's {@link ReadAheadShare} of
 * it when several read at once (the local partitions of a rebuild), so that they hold together
 * about what one holds.
 *
 * <p>Integrity: every segment, however it is read, has its footer's row count and first and last
 * key compared with the catalog's before any of its events is handed out
 * ({@link SegmentFooterCheck}), and every page it reads is checked against its CRC. A segment
 * read whole (no position, no filter but an aggregate partition) also has its row count and
 * checksum compared with the catalog's when its last event is read. A difference, a missing file
 * or a page that fails its CRC throws from {@link #next} naming the segment. A partition's events
 * are picked after the checksum has seen every row, since a partition cannot be pushed down into
 * Parquet.
 *
 * <p>Not thread-safe: one caller. {@link #close} stops the thread at its next batch.
 */
final class PrefetchingSegmentCursor implements EventCursor {

    /** Events per batch of a single stream's cursor. */
    static final int BATCH = 4096;
    private static final Object END = new Object();

    private final ArchivedSegmentRef segment;
    private final int batchEvents;
    private volatile long handed; // events handed to the queue so far, for tests of the bound
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(2);
    private volatile boolean closed;
    private List<Event> batch = List.of();
    private int next;
    private boolean ended;

    PrefetchingSegmentCursor(FileSystem fileSystem, ArchivedSegmentRef segment, EventKey startAfter, EventFilter filter) {
        this(fileSystem, segment, startAfter, filter, ReadAheadShare.WHOLE);
    }

    PrefetchingSegmentCursor(FileSystem fileSystem, ArchivedSegmentRef segment, EventKey startAfter, EventFilter filter,
                             ReadAheadShare share) {
        this.segment = segment;
        this.batchEvents = share.of(BATCH);
        Path path = new Path(segment.path());
        Thread thread = new Thread(() -> decode(fileSystem, path, startAfter, filter), path.getName() + "-prefetch");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public Event next() {
        if (next == batch.size()) {
            if (ended || !take()) {
                return null;
            }
        }
        return batch.get(next++);
    }

    @Override
    public void close() {
        closed = true;
        queue.clear(); // lets a thread blocked on a full queue see the flag
    }

    @SuppressWarnings("unchecked")
    private boolean take() {
        Object item;
        try {
            item = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SegmentStorageException("read segment", segment.path(),
                    new java.io.InterruptedIOException("interrupted"));
        }
        if (item == END) {
            ended = true;
            return false;
        }
        if (item instanceof RuntimeException e) {
            ended = true;
            throw e;
        }
        if (item instanceof Throwable t) {
            ended = true;
            throw new SegmentVerificationException(segment.path(), "it could not be read: " + t, t);
        }
        batch = (List<Event>) item;
        next = 0;
        return true;
    }

    private void decode(FileSystem fileSystem, Path path, EventKey startAfter, EventFilter filter) {
        boolean whole = startAfter == null && filter.withoutPartition().isAll();
        SegmentChecksum checksum = null;
        AggregatePartition partition = filter.partition();
        long rows = 0;
        // a whole read decodes every row for the checksum and picks its partition's here
        EventFilter pushed = whole ? EventFilter.ALL : filter;
        // a segment of the partition's own buckets holds only its aggregates: no hash to compute
        boolean pick = whole && !segment.buckets().within(partition);
        try {
            SegmentFooterCheck.check(fileSystem, segment); // before any row is used, whatever part is read
        } catch (Throwable t) {
            hand(t);
            return;
        }
        try (ParquetSegmentReader reader = ParquetSegmentReader.open(fileSystem, path, startAfter, pushed)
                .countedAs(partition)) {
            if (whole) {
                checksum = SegmentChecksum.forFormat(reader.format()); // format 1 sums no metadata
            }
            List<Event> events = new ArrayList<>(batchEvents);
            for (Event event = reader.read(); event != null && !closed; event = reader.read()) {
                if (checksum != null) {
                    checksum.update(event);
                }
                rows++;
                if (pick && !partition.contains(event.aggregateType(), event.aggregateId())) {
                    continue;
                }
                events.add(event);
                if (events.size() == batchEvents) {
                    hand(events);
                    events = new ArrayList<>(batchEvents);
                }
            }
            if (!events.isEmpty()) {
                hand(events);
            }
            if (whole && !closed) {
                check(rows, checksum.finish());
            }
            hand(END);
        } catch (Throwable t) {
            hand(t);
        }
    }

    /** Events the decoding thread has handed to the queue so far (taken or not). */
    long handedEvents() {
        return handed;
    }

    private void check(long rows, String sum) {
        List<String> differences = new ArrayList<>();
        if (rows != segment.rows()) {
            differences.add("rows expected " + segment.rows() + " (catalog), found " + rows);
        }
        if (!sum.equals(segment.checksum())) {
            differences.add("checksum expected " + segment.checksum() + " (catalog), found " + sum);
        }
        if (!differences.isEmpty()) {
            throw new SegmentVerificationException(segment.path(), String.join("; ", differences));
        }
    }

    private void hand(Object item) {
        try {
            while (!closed && !queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
                // wait for the caller, or for close
            }
            if (item instanceof List<?> events && !closed) {
                handed += events.size(); // one writer, the decoding thread
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
