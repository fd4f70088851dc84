package dev.replay.archive;

/**
 * An archive location holds another store's segments: two stores (two databases) were pointed at
 * one {@code replay.archive.uri}. Neither may archive or clean up there, since each would take the
 * other's segments for orphans. A configuration error: the message names the location, the other
 * store and this one.
 */
public class ArchiveStoreConflictException extends IllegalStateException {

    public ArchiveStoreConflictException(String message) {
        super(message);
    }
}
