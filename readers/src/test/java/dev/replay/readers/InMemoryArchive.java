package dev.replay.readers;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An archive of in-memory segments for the merged reader's tests: the reader only needs sorted
 * sources, which real Parquet segments are tested to be in the archive module. Counts opens and
 * the most segments open at once.
 */
final class InMemoryArchive implements ArchivedEvents {

    private final Map<ArchivedSegmentRef, List<Event>> segments = new LinkedHashMap<>();
    private final List<String> missing = new ArrayList<>();
    int opened;
    int openNow;
    int mostOpen;

    /** Adds a segment of these events (sorted here), in catalog order after the ones before. */
    InMemoryArchive segment(String path, List<Event> events) {
        List<Event> sorted = events.stream().sorted(EventKey::compare).toList();
        segments.put(new ArchivedSegmentRef(path, sorted.get(0).key(), sorted.get(sorted.size() - 1).key(),
                sorted.size(), "none"), sorted);
        return this;
    }

    /** Makes opening the segment fail as a missing file does. */
    InMemoryArchive missing(String path) {
        missing.add(path);
        return this;
    }

    @Override
    public List<ArchivedSegmentRef> segments(EventFilter filter) {
        return new ArrayList<>(segments.keySet());
    }

    @Override
    public EventCursor open(ArchivedSegmentRef segment, EventKey startAfter, EventFilter filter) {
        if (missing.contains(segment.path())) {
            throw new IllegalStateException("Failed to open segment " + segment.path() + ": file not found");
        }
        opened++;
        mostOpen = Math.max(mostOpen, ++openNow);
        Iterator<Event> events = segments.get(segment).stream()
                .filter(e -> startAfter == null || startAfter.compareTo(e) < 0)
                .filter(filter::matches)
                .iterator();
        return new EventCursor() {
            private boolean closed;

            @Override
            public Event next() {
                return events.hasNext() ? events.next() : null;
            }

            @Override
            public void close() {
                if (!closed) {
                    closed = true;
                    openNow--;
                }
            }
        };
    }
}
