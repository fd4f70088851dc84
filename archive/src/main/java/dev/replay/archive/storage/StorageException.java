package dev.replay.archive.storage;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A storage operation failed (an unreachable object store, a full disk, a missing permission).
 * Possibly transient. The message names the action and the location ({@code "Failed to <action>
 * <location>: <cause>"}); never credentials.
 */
public class StorageException extends UncheckedIOException {

    private final String location;

    public StorageException(String action, String location, IOException cause) {
        super("Failed to " + action + " " + location + ": " + cause.getMessage(), cause);
        this.location = location;
    }

    /** The path or URI the failed operation was about. */
    public String location() {
        return location;
    }
}
