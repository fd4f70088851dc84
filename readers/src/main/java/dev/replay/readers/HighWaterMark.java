package dev.replay.readers;

/**
 * The transaction-id bound of one run: it reads the rows whose {@code tx_id} (an {@code xid8})
 * lies in {@code [lowerXmin, upperXmin)}.
 *
 * <p>{@code upperXmin} is the {@code xmin} of a snapshot taken when the run was launched: every
 * transaction id below it has finished, so the run reads only committed rows and cannot be
 * overtaken by a transaction that commits later. A row whose transaction was still open at
 * launch has {@code tx_id >= upperXmin}; it is not skipped but left to the next catch-up run,
 * whose {@code lowerXmin} is this run's {@code upperXmin} (see {@link #catchUpTo}). Consecutive
 * marks therefore partition the transaction ids, and every event is read by exactly one run.
 * {@code lowerXmin} is 0 for a full replay.
 *
 * <p>The text form {@code <lowerXmin>..<upperXmin>} (e.g. {@code 0..7421}) is what job
 * parameters and the {@code ExecutionContext} carry; {@link #parse} reads it back.
 *
 * <p>Immutable and thread-safe.
 */
public record HighWaterMark(long lowerXmin, long upperXmin) {

    private static final String SEPARATOR = "..";

    public HighWaterMark {
        if (upperXmin < 1) {
            throw new IllegalArgumentException("upperXmin must be positive, was " + upperXmin);
        }
        if (lowerXmin < 0 || lowerXmin > upperXmin) {
            throw new IllegalArgumentException(
                    "lowerXmin must be between 0 and upperXmin " + upperXmin + ", was " + lowerXmin);
        }
    }

    /** The mark of a full replay: everything committed below {@code upperXmin}. */
    public static HighWaterMark fullReplay(long upperXmin) {
        return new HighWaterMark(0, upperXmin);
    }

    /** The mark of the catch-up run that follows this one, up to a newly captured xmin. */
    public HighWaterMark catchUpTo(long newUpperXmin) {
        if (newUpperXmin < upperXmin) {
            throw new IllegalArgumentException("catch-up upperXmin must not be below the previous upperXmin "
                    + upperXmin + ", was " + newUpperXmin + " (was it captured on another database?)");
        }
        return new HighWaterMark(upperXmin, newUpperXmin);
    }

    /** Whether this run starts after an earlier one, so aggregates may be met in mid-history. */
    public boolean isCatchUp() {
        return lowerXmin > 0;
    }

    /** The text form {@code <lowerXmin>..<upperXmin>}. */
    @Override
    public String toString() {
        return lowerXmin + SEPARATOR + upperXmin;
    }

    /**
     * Reads a mark from its text form.
     *
     * @throws IllegalArgumentException naming the text when it is not a mark
     */
    public static HighWaterMark parse(String text) {
        int at = text == null ? -1 : text.indexOf(SEPARATOR);
        if (at < 0) {
            throw new IllegalArgumentException("high-water mark must be <lowerXmin>..<upperXmin>, was " + text);
        }
        try {
            return new HighWaterMark(Long.parseLong(text.substring(0, at)),
                    Long.parseLong(text.substring(at + SEPARATOR.length())));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("high-water mark must be <lowerXmin>..<upperXmin>, was " + text, e);
        }
    }
}
