package dev.replay.readers;

/**
 * A reader's share of the read-ahead one stream holds, when {@code readers} read at once in one
 * process (the local partitions of a rebuild): each buffer a reader fills ahead of its caller (the
 * hot store's pages, an archived segment's decoded batches) is sized {@code 1/readers} of a single
 * stream's, so that N partitions together hold about what one stream holds, not N times as much.
 *
 * <p>A share never goes below {@link #MIN_EVENTS} events per buffer (or the whole buffer when that
 * is smaller), so that many readers do not degrade into row-at-a-time hand-offs.
 *
 * <p>Immutable, thread-safe.
 *
 * @param readers the readers that share the budget; 1 for a single stream
 */
public record ReadAheadShare(int readers) {

    /** The whole budget: one stream reads alone. */
    public static final ReadAheadShare WHOLE = new ReadAheadShare(1);

    /** Events per buffer a share holds at least. */
    public static final int MIN_EVENTS = 256;

    public ReadAheadShare {
        if (readers < 1) {
            throw new IllegalArgumentException("readers sharing the read-ahead must be positive, was " + readers);
        }
    }

    /**
     * This reader's share of a buffer of {@code wholeEvents} events: {@code wholeEvents / readers},
     * at least {@link #MIN_EVENTS} (never more than {@code wholeEvents}).
     */
    public int of(int wholeEvents) {
        if (wholeEvents < 1) {
            throw new IllegalArgumentException("events per buffer must be positive, was " + wholeEvents);
        }
        return Math.max(Math.min(wholeEvents, MIN_EVENTS), wholeEvents / readers);
    }
}
