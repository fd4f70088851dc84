package dev.replay.readers;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Reads the whole history, archived segments and the hot store, as one stream in replay order
 * (occurred_at, version, event_id): a k-way merge over sorted sources, each event once.
 *
 * <p>Sources, merged by a {@link MergeCursor}: the hot store through a {@link JdbcEventReader} of the
 * same name (its keyset query and high-water mark), and the segments of
 * {@link ArchivedEvents#segments}, sorted by first key. A segment is opened only when the merge
 * reaches its first key, and closed when exhausted, so segments that do not overlap are read one
 * at a time; at most {@code maxOpenSegments} may be open at once (overlapping segments: the
 * segments of one key range split by partition bucket, up to 64, and late arrivals archived into a
 * day already archived), and each open source buffers a bounded number of rows, whatever the
 * number of segments. The next
 * segment in line is opened one step ahead, so that its file is opened and its first rows decoded
 * while the current one is consumed (for day-sized segments, opening is most of their cost).
 *
 * <p>Duplicates: the same event in two sources (equal keys) is emitted once, from whichever
 * source reaches it first.
 *
 * <p>Restart: one position for the whole stream, {@code <name>.start.after}, the key of the last
 * event {@link #read} returned (held back by a writer through {@link #checkpoint()}, see
 * {@link CheckpointHandoff}), saved by {@link #update} over the hot reader's own entry
 * ({@link MergedRestartState}). On {@link #open} every source seeks strictly past it: the hot
 * store by keyset, segments ending at or before it are skipped, the one holding it skips its row
 * groups and rows up to it. A chunk that spans the archive/hot boundary therefore resumes exactly
 * after its last committed event.
 * {@code <name>.high.water.mark} is the hot reader's.
 *
 * <p>Failures: a segment that is missing, unreadable or fails its checks throws from {@code read()}
 * naming the segment; nothing is skipped. A failed {@code read()} may be retried: the event that
 * was about to be returned is kept.
 *
 * <p>Versions: unless disabled, every event passes a {@link VersionContinuityCheck} over the
 * merged stream; it requires version 1 of unseen aggregates when the stream covers a complete
 * history from its beginning (not with a lower time bound, not in a catch-up). Restarted over such
 * a history, {@link #open} first passes every event up to the restart position through the check
 * (reading them again from the same sources, returning none), so a gap whose earlier versions lie
 * before the restart position fails the restarted run as it failed the first: that re-read is the
 * cost of a restart. Otherwise an aggregate's first version seen is its baseline.
 *
 * <p>Not thread-safe: one reader serves one step thread. Build it with
 * {@link dev.replay.readers.builder.MergedEventReaderBuilder}.
 */
public class MergedEventReader implements ItemStreamReader<Event> {

    /** Two key ranges split 64 ways at once (a day and its late arrivals), and the one opened ahead. */
    public static final int DEFAULT_MAX_OPEN_SEGMENTS = 130;

    private static final Logger log = LoggerFactory.getLogger(MergedEventReader.class);

    private final String name;
    private final JdbcEventReader hot;
    private final ArchivedEvents archive;
    private final EventFilter filter;
    private final int versionCheckCapacity;
    private final boolean historyComplete;
    private final MergeCursor merge;
    private final MergedRestartState state;

    private boolean open;
    private EventKey restored;
    private boolean returned; // whether read() returned an event since open, so the merge's last is the position
    private VersionContinuityCheck versionCheck;
    private long fromHot;
    private long fromArchive;

    /**
     * @param hot the hot store's reader, named {@code name}, its own version check off
     * @param versionCheckCapacity aggregates the version check tracks at once; 0 turns it off
     * @param historyComplete whether hot store and archive together hold every aggregate from version 1
     */
    public MergedEventReader(String name, JdbcEventReader hot, ArchivedEvents archive, EventFilter filter,
                             int maxOpenSegments, int versionCheckCapacity, boolean historyComplete) {
        this(name, hot, archive, filter, maxOpenSegments, versionCheckCapacity, historyComplete, ReadAheadShare.WHOLE);
    }

    /**
     * @param share the part of a single stream's read-ahead each archived segment decodes ahead
     *              (the hot reader's pages are sized by whoever builds it)
     */
    public MergedEventReader(String name, JdbcEventReader hot, ArchivedEvents archive, EventFilter filter,
                             int maxOpenSegments, int versionCheckCapacity, boolean historyComplete,
                             ReadAheadShare share) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank, was '" + name + "'");
        }
        if (maxOpenSegments < 1) {
            throw new IllegalArgumentException("maxOpenSegments must be positive, was " + maxOpenSegments);
        }
        if (versionCheckCapacity < 0) {
            throw new IllegalArgumentException("versionCheckCapacity must be 0 (off) or positive, was "
                    + versionCheckCapacity);
        }
        this.name = name;
        this.hot = Objects.requireNonNull(hot, "hot");
        this.archive = Objects.requireNonNull(archive, "archive");
        this.filter = Objects.requireNonNull(filter, "filter");
        this.versionCheckCapacity = versionCheckCapacity;
        this.historyComplete = historyComplete;
        this.merge = new MergeCursor(name, hot, archive, filter, maxOpenSegments,
                Objects.requireNonNull(share, "share"));
        this.state = new MergedRestartState(name, hot);
    }

    @Override
    public void open(ExecutionContext context) throws ItemStreamException {
        if (open) {
            throw new IllegalStateException("Reader [" + name + "] is already open");
        }
        EventKey resumeAfter = state.restoredPosition(context);
        // a complete history checked from version 1 sees its prefix again, so a gap fails every attempt
        boolean recheck = resumeAfter != null && checksFromFirstVersion();
        restored = recheck ? null : resumeAfter;
        returned = false;
        fromHot = fromArchive = 0;
        List<ArchivedSegmentRef> segments = archive.segments(filter).stream()
                .filter(segment -> restored == null || segment.lastKey().compareTo(restored) > 0)
                .sorted(Comparator.comparing(ArchivedSegmentRef::firstKey))
                .toList();
        hot.open(recheck ? state.withoutPosition(context) : context);
        merge.start(segments, restored);
        versionCheck = newVersionCheck();
        open = true;
        log.info("Reader [{}]. Opened over {} archived segments and the hot store, {}", name, segments.size(),
                resumeAfter == null ? "from the start" : "restarting after " + resumeAfter);
        if (recheck) {
            recheckVersionsUpTo(resumeAfter);
        }
        restored = resumeAfter;
        merge.restoredAt(restored);
    }

    /**
     * Passes every event up to and including {@code position} (same sources, filter and mark)
     * through the version check only, as an uninterrupted run would have; nothing is returned.
     * The sources are then positioned right after {@code position}.
     */
    private void recheckVersionsUpTo(EventKey position) {
        log.info("Reader [{}]. Re-checking versions of the events before the restart position {}", name, position);
        long events = 0;
        for (Event head = merge.peek(); head != null && position.compareTo(head) >= 0; head = merge.peek()) {
            versionCheck.check(head);
            merge.consume(); // duplicates in another tier are skipped against it
            events++;
        }
        log.info("Reader [{}]. Re-checked versions of {} events before the restart position", name, events);
    }

    @Override
    public Event read() {
        if (!open) {
            throw new IllegalStateException("Reader [" + name + "] is not open; call open(ExecutionContext) first");
        }
        Event event = merge.peek();
        if (event == null) {
            return null;
        }
        if (versionCheck != null) {
            versionCheck.check(event); // before the event is consumed, so a retry fails again
        }
        boolean fromHotStore = merge.peekedHot();
        merge.consume();
        returned = true;
        if (fromHotStore) {
            fromHot++;
        } else {
            fromArchive++;
        }
        return event;
    }

    @Override
    public void update(ExecutionContext context) throws ItemStreamException {
        if (!open) {
            return;
        }
        state.save(context, returned ? merge.last().key() : null, restored);
    }

    /** The hand-off through which a writer that holds effects in memory holds back this reader's checkpoint. */
    public CheckpointHandoff checkpoint() {
        return state.checkpoint();
    }

    @Override
    public void close() throws ItemStreamException {
        try {
            merge.close();
        } finally {
            if (open) {
                log.info("Reader [{}]. Closed after {} events ({} archived, {} hot, {} duplicates skipped), last {}",
                        name, fromHot + fromArchive, fromArchive, fromHot, merge.duplicates(),
                        returned ? merge.last().key() : restored == null ? "none" : restored);
            }
            open = false;
            versionCheck = null;
        }
    }

    /**
     * Whether {@link #read} has nothing left to return, found without moving the restart position:
     * the next event of each source is pulled ahead and kept for {@code read} (pending segments are
     * opened as {@code read} would). A writer that holds events in memory asks this to know that a
     * chunk is the last. False before {@link #open}.
     */
    public boolean atEnd() {
        return open && merge.peek() == null;
    }

    /** Events returned from the archive and from the hot store since {@link #open}. */
    public long archivedCount() {
        return fromArchive;
    }

    public long hotCount() {
        return fromHot;
    }

    private boolean checksFromFirstVersion() {
        return versionCheckCapacity > 0 && filter.keepsEveryVersion() && historyComplete && filter.startsAtFirstVersion();
    }

    private VersionContinuityCheck newVersionCheck() {
        if (versionCheckCapacity == 0 || !filter.keepsEveryVersion()) {
            return null;
        }
        boolean fromFirstVersion = checksFromFirstVersion() && restored == null;
        return fromFirstVersion
                ? VersionContinuityCheck.fromFirstVersion(name, versionCheckCapacity)
                : VersionContinuityCheck.fromBaseline(name, versionCheckCapacity);
    }
}
