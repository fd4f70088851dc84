package dev.replay.jobs.support;

/**
 * A job failure whose message already names the object and the reason, causes included; whoever
 * reports a failed job shows this message rather than a cause's bare one.
 */
public class NamedFailure extends RuntimeException {

    public NamedFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
