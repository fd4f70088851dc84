package dev.replay.jobs.support;

/**
 * A job's advisory lock is no longer held: its database session ended, so another run may have
 * taken it. The step fails before committing its chunk; the run is resumed like any failed one.
 */
public class LostLockException extends NamedFailure {

    public LostLockException(String key, Throwable cause) {
        super("Lost the advisory lock " + key + ": its database session ended"
                + (cause == null ? "" : " (" + cause.getMessage() + ")")
                + "; another run may hold it now, so this one stops before committing its chunk", cause);
    }
}
