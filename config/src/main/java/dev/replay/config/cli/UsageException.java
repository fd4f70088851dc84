package dev.replay.config.cli;

/** A mistake of the user's (an option, a property, the database address): exit status 2, no stack trace. */
public class UsageException extends RuntimeException {

    public UsageException(String message) {
        super(message);
    }

    public UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
