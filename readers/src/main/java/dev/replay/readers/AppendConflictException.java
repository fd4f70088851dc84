package dev.replay.readers;

/**
 * An append was rejected because one of its (aggregate type, aggregate id, version) already
 * exists: another writer got there first. Nothing of the rejected batch was stored.
 */
public class AppendConflictException extends RuntimeException {

    public AppendConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
