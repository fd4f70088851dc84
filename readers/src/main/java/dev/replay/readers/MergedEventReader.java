package dev.replay.readers;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
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
 * <p>Sources: the hot store through a {@link JdbcEventReader} of the same name (its keyset query
 * and high-water mark), and the segments of {@link ArchivedEvents#segments}, sorted by first key.
 * A segment is opened only when the merge reaches its first key, and closed when exhausted, so
 * segments that do not overlap are read one at a time; at most {@code maxOpenSegments} may be
 * open at once (overlapping segments: late arrivals archived into a day already archived), and
 * each open source buffers a bounded number of rows, whatever the number of segments. The next
 * segment in line is opened one step ahead, so that its file is opened and its first rows decoded
 * while the current one is consumed (for day-sized segments, opening is most of their cost).
 *
 * <p>Duplicates: the same event in two sources (equal keys) is emitted once, from whichever
 * source reaches it first.
 *
 * <p>Restart: one position for the whole stream, {@code <name>.start.after}, the key of the last
 * event {@link #read} returned, saved by {@link #update} over the hot reader's own entry. On
 * {@link #open} every source seeks strictly past it: the hot store by keyset, segments ending at
 * or before it are skipped, the one holding it skips its row groups and rows up to it. A chunk
 * that spans the archive/hot boundary therefore resumes exactly after its last committed event.
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

    public static final int DEFAULT_MAX_OPEN_SEGMENTS = 32;

    private static final Logger log = LoggerFactory.getLogger(MergedEventReader.class);

    private final String name;
    private final JdbcEventReader hot;
    private final ArchivedEvents archive;
    private final EventFilter filter;
    private final int maxOpenSegments;
    private final int versionCheckCapacity;
    private final boolean historyComplete;

    private boolean open;
    private final ArrayDeque<ArchivedSegmentRef> pending = new ArrayDeque<>();
    private final List<Source> sources = new ArrayList<>();
    private SegmentSource ahead;
    private EventKey restored;
    private Event last;
    private boolean returned; // whether read() returned an event since open, so last is the position
    private VersionContinuityCheck versionCheck;
    private long fromHot;
    private long fromArchive;
    private long duplicates;

    /**
     * @param hot the hot store's reader, named {@code name}, its own version check off
     * @param versionCheckCapacity aggregates the version check tracks at once; 0 turns it off
     * @param historyComplete whether hot store and archive together hold every aggregate from version 1
     */
    public MergedEventReader(String name, JdbcEventReader hot, ArchivedEvents archive, EventFilter filter,
                             int maxOpenSegments, int versionCheckCapacity, boolean historyComplete) {
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
        this.maxOpenSegments = maxOpenSegments;
        this.versionCheckCapacity = versionCheckCapacity;
        this.historyComplete = historyComplete;
    }

    @Override
    public void open(ExecutionContext context) throws ItemStreamException {
        if (open) {
            throw new IllegalStateException("Reader [" + name + "] is already open");
        }
        EventKey resumeAfter = restoredPosition(context);
        // a complete history checked from version 1 sees its prefix again, so a gap fails every attempt
        boolean recheck = resumeAfter != null && checksFromFirstVersion();
        restored = recheck ? null : resumeAfter;
        last = null;
        returned = false;
        fromHot = fromArchive = duplicates = 0;
        pending.clear();
        archive.segments(filter).stream()
                .filter(segment -> restored == null || segment.lastKey().compareTo(restored) > 0)
                .sorted(Comparator.comparing(ArchivedSegmentRef::firstKey))
                .forEach(pending::add);
        int segments = pending.size();
        hot.open(recheck ? withoutPosition(context) : context);
        sources.add(new HotSource());
        versionCheck = newVersionCheck();
        open = true;
        log.info("Reader [{}]. Opened over {} archived segments and the hot store, {}", name, segments,
                resumeAfter == null ? "from the start" : "restarting after " + resumeAfter);
        if (recheck) {
            recheckVersionsUpTo(resumeAfter);
        }
        restored = resumeAfter;
    }

    /**
     * Passes every event up to and including {@code position} (same sources, filter and mark)
     * through the version check only, as an uninterrupted run would have; nothing is returned.
     * The sources are then positioned right after {@code position}.
     */
    private void recheckVersionsUpTo(EventKey position) {
        log.info("Reader [{}]. Re-checking versions of the events before the restart position {}", name, position);
        long events = 0;
        for (Source min = nextSource(); min != null && position.compareTo(min.head) >= 0; min = nextSource()) {
            versionCheck.check(min.head);
            last = min.head; // duplicates in another tier are skipped against it
            min.consume();
            events++;
        }
        log.info("Reader [{}]. Re-checked versions of {} events before the restart position", name, events);
    }

    private ExecutionContext withoutPosition(ExecutionContext context) {
        ExecutionContext copy = new ExecutionContext(context);
        copy.remove(hot.key(JdbcEventReader.START_AFTER));
        return copy;
    }

    @Override
    public Event read() {
        if (!open) {
            throw new IllegalStateException("Reader [" + name + "] is not open; call open(ExecutionContext) first");
        }
        Source min = nextSource();
        if (min == null) {
            return null;
        }
        Event event = min.head;
        if (versionCheck != null) {
            versionCheck.check(event); // before the event is consumed, so a retry fails again
        }
        min.consume();
        returned = true;
        if (min instanceof HotSource) {
            fromHot++;
        } else {
            fromArchive++;
        }
        last = event;
        return event;
    }

    /**
     * The source whose head is the next event to return, skipping (and consuming) duplicates of
     * events already returned; null when every source is exhausted. Moves no position.
     */
    private Source nextSource() {
        while (true) {
            Source min = minimum();
            if (min == null || last == null || EventKey.compare(min.head, last) > 0) {
                return min;
            }
            Event duplicate = min.head;
            min.consume();
            skipDuplicate(duplicate, min);
        }
    }

    @Override
    public void update(ExecutionContext context) throws ItemStreamException {
        if (!open) {
            return;
        }
        hot.update(context); // its high-water mark; its position runs ahead of ours and is replaced
        EventKey position = returned ? last.key() : restored;
        if (position != null) {
            context.putString(hot.key(JdbcEventReader.START_AFTER), position.toString());
        }
    }

    @Override
    public void close() throws ItemStreamException {
        RuntimeException failure = null;
        if (ahead != null) {
            sources.add(ahead);
            ahead = null;
        }
        for (Source source : sources) {
            try {
                source.close();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        sources.clear();
        pending.clear();
        if (open) {
            log.info("Reader [{}]. Closed after {} events ({} archived, {} hot, {} duplicates skipped), last {}",
                    name, fromHot + fromArchive, fromArchive, fromHot, duplicates,
                    returned ? last.key() : restored == null ? "none" : restored);
        }
        open = false;
        versionCheck = null;
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Whether {@link #read} has nothing left to return, found without moving the restart position:
     * the next event of each source is pulled ahead and kept for {@code read} (pending segments are
     * opened as {@code read} would). A writer that holds events in memory asks this to know that a
     * chunk is the last. False before {@link #open}.
     */
    public boolean atEnd() {
        return open && nextSource() == null;
    }

    /** Events returned from the archive and from the hot store since {@link #open}. */
    public long archivedCount() {
        return fromArchive;
    }

    public long hotCount() {
        return fromHot;
    }

    /** The source whose head comes first, after opening every segment that could come before it. */
    private Source minimum() {
        Source min = null;
        for (Iterator<Source> it = sources.iterator(); it.hasNext(); ) {
            Source source = it.next();
            source.fill();
            if (source.head == null) {
                if (source instanceof SegmentSource) {
                    source.close();
                    it.remove();
                }
            } else if (min == null || EventKey.compare(source.head, min.head) < 0) {
                min = source;
            }
        }
        while (!pending.isEmpty() && (min == null || pending.peekFirst().firstKey().compareTo(min.head) <= 0)) {
            Source opened = openSegment(pending.peekFirst());
            pending.pollFirst();
            openAhead();
            if (opened.head == null) {
                opened.close();
            } else {
                sources.add(opened);
                min = min == null || EventKey.compare(opened.head, min.head) < 0 ? opened : min;
            }
        }
        return min;
    }

    private SegmentSource openSegment(ArchivedSegmentRef segment) {
        long openSegments = sources.stream().filter(SegmentSource.class::isInstance).count();
        if (openSegments >= maxOpenSegments) {
            throw new IllegalStateException("Reader [" + name + "] would need more than " + maxOpenSegments
                    + " segments open at once to merge " + segment.path() + " (its events overlap those of "
                    + openSegments + " open segments); raise the limit of open segments");
        }
        SegmentSource source;
        if (ahead != null && ahead.segment == segment) {
            source = ahead;
            ahead = null;
        } else {
            source = open(segment);
        }
        try {
            source.fill();
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
        return source;
    }

    /**
     * Opens the next pending segment ahead of need. Its cursor starts after the current position,
     * which is safe: until the segment is due, every event emitted precedes its first key.
     */
    private void openAhead() {
        if (ahead == null && !pending.isEmpty()) {
            ahead = open(pending.peekFirst());
        }
    }

    private SegmentSource open(ArchivedSegmentRef segment) {
        EventKey position = last != null ? last.key() : restored;
        return new SegmentSource(segment, archive.open(segment, position, filter));
    }

    private void skipDuplicate(Event event, Source source) {
        if (EventKey.compare(event, last) < 0) {
            throw new IllegalStateException("Reader [" + name + "] met event " + event.key() + " from "
                    + source.describe() + " after " + last.key() + ": a source is not in replay order");
        }
        duplicates++;
        log.debug("Reader [{}]. Event {} is in more than one tier; emitted once", name, event.key());
    }

    private EventKey restoredPosition(ExecutionContext context) {
        String key = hot.key(JdbcEventReader.START_AFTER);
        if (!context.containsKey(key)) {
            return null;
        }
        String text = context.getString(key);
        try {
            return EventKey.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ItemStreamException("Reader [" + name + "] cannot restart from " + key + "=" + text, e);
        }
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

    /** One sorted source with its next event pulled ahead, kept until consumed. */
    private abstract static class Source {
        Event head;
        private boolean pulled;

        void fill() {
            if (!pulled) {
                head = pull(); // a failure leaves pulled false, so a retry pulls again
                pulled = true;
            }
        }

        void consume() {
            head = null;
            pulled = false;
        }

        abstract Event pull();

        abstract String describe();

        abstract void close();
    }

    private final class HotSource extends Source {
        private boolean exhausted;

        @Override
        Event pull() {
            if (exhausted) {
                return null;
            }
            Event event = hot.read();
            exhausted = event == null;
            return event;
        }

        @Override
        String describe() {
            return "the hot store";
        }

        @Override
        void close() {
            hot.close();
        }
    }

    private static final class SegmentSource extends Source {
        private final ArchivedSegmentRef segment;
        private final EventCursor cursor;

        SegmentSource(ArchivedSegmentRef segment, EventCursor cursor) {
            this.segment = segment;
            this.cursor = cursor;
        }

        @Override
        Event pull() {
            return cursor.next();
        }

        @Override
        String describe() {
            return "segment " + segment.path();
        }

        @Override
        void close() {
            cursor.close();
        }
    }
}
