package dev.replay.archive;

import dev.replay.readers.Event;
import dev.replay.readers.EventKey;

/**
 * Tracks what a segment's metadata is made of while its events pass, in order: the row count,
 * the first and the last key, and (fed separately) the checksum. Refuses an event that does not
 * strictly follow the previous one in replay order, naming both keys.
 *
 * <p>Not thread-safe; one instance per segment.
 */
final class SegmentDigest {

    private final String path;
    private final SegmentChecksum checksum = new SegmentChecksum();
    private long rows;
    private EventKey first;
    private EventKey last;

    SegmentDigest(String path) {
        this.path = path;
    }

    /** Checks the order and counts the event; returns its key. */
    EventKey accept(Event event) {
        EventKey key = event.key();
        if (last != null && last.compareTo(key) >= 0) {
            throw new IllegalArgumentException("Events of segment " + path + " must be in strictly ascending replay "
                    + "order, but key " + key + " came after " + last);
        }
        if (first == null) {
            first = key;
        }
        last = key;
        rows++;
        return key;
    }

    SegmentChecksum checksum() {
        return checksum;
    }

    long rows() {
        return rows;
    }

    EventKey first() {
        return first;
    }

    EventKey last() {
        return last;
    }
}
