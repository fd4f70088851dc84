package dev.replay.readers;

import java.util.Objects;

/**
 * One archived segment as the catalog records it: where it is, its first and last key in replay
 * order, its row count and the checksum of its events. Immutable.
 */
public record ArchivedSegmentRef(String path, EventKey firstKey, EventKey lastKey, long rows, String checksum) {

    public ArchivedSegmentRef {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(firstKey, "firstKey");
        Objects.requireNonNull(lastKey, "lastKey");
        if (rows < 1) {
            throw new IllegalArgumentException("rows of segment " + path + " must be positive, was " + rows);
        }
    }
}
