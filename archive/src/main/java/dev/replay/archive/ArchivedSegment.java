package dev.replay.archive;

import java.time.Instant;
import java.util.Objects;

/** A catalog row: a segment, the run that archived it and when. Immutable. */
public record ArchivedSegment(long segmentId, SegmentInfo info, String runId, Instant createdAt) {

    public ArchivedSegment {
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
