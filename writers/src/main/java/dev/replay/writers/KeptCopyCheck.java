package dev.replay.writers;

/**
 * A caller's last check of the kept copy a rollback chose, run in the rollback's transaction under
 * the projection's build lock, before anything changes; it refuses by throwing, and nothing changes.
 */
@FunctionalInterface
public interface KeptCopyCheck {

    /** Accepts nothing. */
    KeptCopyCheck NONE = (build, highWaterMark) -> { };

    /**
     * @param build the kept copy that would be live again
     * @param highWaterMark the mark saved with it, null when none was
     */
    void check(long build, String highWaterMark);
}
