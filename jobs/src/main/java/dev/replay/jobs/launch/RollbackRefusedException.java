package dev.replay.jobs.launch;

/**
 * A rollback that did not happen, and why: nothing changed. {@link Reason#NOT_CONFIGURED} and
 * {@link Reason#NO_KEPT_COPY} are the user's to fix (exit status 2, HTTP 400 and 409); a rebuild,
 * catch-up or archive run going on, or a copy that a catch-up would not bring up to date exactly,
 * fail the command (exit status 1, HTTP 409).
 */
public class RollbackRefusedException extends IllegalStateException {

    /** Why a rollback was refused. */
    public enum Reason {
        /** {@code replay.rebuild.keep-copies} is 0: no copy is ever kept. */
        NOT_CONFIGURED,
        /** No live build, or no kept copy (of the build asked for). */
        NO_KEPT_COPY,
        /** A rebuild or catch-up of the projection, or an archive run, is going on. */
        RUNNING,
        /** The copy would not catch up exactly: the events it lacks left the hot store, or it holds part of a catch-up. */
        UNSAFE
    }

    private final Reason reason;

    public RollbackRefusedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public RollbackRefusedException(Reason reason, String message) {
        this(reason, message, null);
    }

    public Reason reason() {
        return reason;
    }
}
