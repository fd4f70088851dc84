package dev.replay.archive;

import java.util.Objects;

/**
 * One thing {@link ArchiveIntegrityCheck} found wrong, naming the object and the values:
 * {@code subject} is a segment path, an event id or an aggregate ({@code Account acc-42}),
 * {@code detail} what differs, e.g. {@code version 3 missing (found 2 then 4)}. Immutable.
 */
public record IntegrityProblem(Kind kind, String subject, String detail) {

    /** What kind of problem, in the order the check reports them. */
    public enum Kind {
        /** A catalogued segment's file does not exist. */
        SEGMENT_MISSING,
        /** A catalogued segment's file cannot be read to its end (corrupt, not Parquet, out of order). */
        SEGMENT_UNREADABLE,
        /** A segment reads back, but rows, first or last key, bytes or checksum differ from the catalog. */
        SEGMENT_MISMATCH,
        /** A segment holds events of another UTC day than its partition. */
        SEGMENT_PARTITION,
        /** One event id stored more than once: in the hot store and a segment, or in two segments. */
        DUPLICATE_EVENT,
        /** One version of an aggregate stored more than once across the tiers. */
        DUPLICATE_VERSION,
        /** An aggregate's versions skip one or more numbers. */
        VERSION_GAP,
        /** An aggregate's first version is not 1. */
        FIRST_VERSION
    }

    public IntegrityProblem {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(detail, "detail");
    }

    /** {@code <subject>: <detail>}, one line. */
    @Override
    public String toString() {
        return subject + ": " + detail;
    }
}
