package dev.replay.readers;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The k-way merge of a {@link MergedEventReader}: the hot store's reader and the archived segments,
 * each a sorted source with its next event pulled ahead, merged into one stream in replay order,
 * each event once.
 *
 * <p>Segments wait in a queue sorted by first key; one is opened only when the merge reaches its
 * first key (the next in line one step ahead, so its file is opened and its first rows decoded
 * while the current one is consumed) and closed when exhausted; at most {@code maxOpenSegments}
 * at once. A segment opens positioned strictly after the last event consumed, else after the
 * restart position. The same event in two sources is consumed once from the first, and skipped in
 * the others. Each segment is opened with the reader's {@link ReadAheadShare}, so that it decodes
 * ahead only its share when several readers run at once.
 *
 * <p>Not thread-safe: it serves its reader's thread.
 */
final class MergeCursor {

    private static final Logger log = LoggerFactory.getLogger(MergeCursor.class);

    private final String name;
    private final JdbcEventReader hot;
    private final ArchivedEvents archive;
    private final EventFilter filter;
    private final int maxOpenSegments;
    private final ReadAheadShare share;

    private final ArrayDeque<ArchivedSegmentRef> pending = new ArrayDeque<>();
    private final List<Source> sources = new ArrayList<>();
    private SegmentSource ahead;
    private EventKey restored;
    private Event last;
    private Source head; // the source of the event peek() returned, until consumed
    private long duplicates;

    MergeCursor(String name, JdbcEventReader hot, ArchivedEvents archive, EventFilter filter, int maxOpenSegments,
                ReadAheadShare share) {
        this.name = name;
        this.share = share;
        this.hot = hot;
        this.archive = archive;
        this.filter = filter;
        this.maxOpenSegments = maxOpenSegments;
    }

    /** Starts over the given segments, sorted by first key, and the hot reader (already open). */
    void start(List<ArchivedSegmentRef> segments, EventKey restored) {
        this.restored = restored;
        last = null;
        head = null;
        duplicates = 0;
        pending.clear();
        pending.addAll(segments);
        sources.add(new HotSource());
    }

    /** Where segments opened before any event is consumed are positioned; null: the start. */
    void restoredAt(EventKey restored) {
        this.restored = restored;
    }

    /**
     * The next event, skipping (and consuming) duplicates of events already consumed; null when
     * every source is exhausted. Moves no position: the event stays until {@link #consume}.
     */
    Event peek() {
        head = nextSource();
        return head == null ? null : head.head;
    }

    /** Whether the event {@link #peek} returned comes from the hot store. */
    boolean peekedHot() {
        return head instanceof HotSource;
    }

    /** Consumes the event {@link #peek} returned: the merge's position is now after it. */
    void consume() {
        last = head.head;
        head.consume();
        head = null;
    }

    /** The last event consumed since {@link #start}, or null. */
    Event last() {
        return last;
    }

    long duplicates() {
        return duplicates;
    }

    /** Closes every open source; the first failure is thrown after all are closed. */
    void close() {
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
        head = null;
        if (failure != null) {
            throw failure;
        }
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
        return new SegmentSource(segment, archive.open(segment, position, filter, share));
    }

    private void skipDuplicate(Event event, Source source) {
        if (EventKey.compare(event, last) < 0) {
            throw new IllegalStateException("Reader [" + name + "] met event " + event.key() + " from "
                    + source.describe() + " after " + last.key() + ": a source is not in replay order");
        }
        duplicates++;
        log.debug("Reader [{}]. Event {} is in more than one tier; emitted once", name, event.key());
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
