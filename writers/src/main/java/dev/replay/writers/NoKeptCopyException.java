package dev.replay.writers;

import java.util.List;

/**
 * A rollback found no kept copy to swap back in: no live build, no retired copy whose tables are
 * kept, or not the one asked for. The message names the projection, the live build and the copies
 * that are kept.
 */
public class NoKeptCopyException extends IllegalStateException {

    private final List<Long> keptCopies;

    public NoKeptCopyException(String message, List<Long> keptCopies) {
        super(message);
        this.keptCopies = List.copyOf(keptCopies);
    }

    /** The kept copies of the projection, newest first. */
    public List<Long> keptCopies() {
        return keptCopies;
    }
}
