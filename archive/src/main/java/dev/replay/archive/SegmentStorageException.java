package dev.replay.archive;

import dev.replay.archive.storage.StorageException;
import java.io.IOException;

/**
 * The file system failed while a segment was written, read, listed or deleted (an unreachable
 * object store, a full disk). Possibly transient: retrying the whole segment is safe, since a
 * segment only counts once it is in the catalog, and a half-written file is an orphan.
 *
 * <p>The message names the segment or directory path; never credentials.
 */
public class SegmentStorageException extends StorageException {

    public SegmentStorageException(String action, String path, IOException cause) {
        super(action, path, cause);
    }

    /** The path the failed operation was about. */
    public String path() {
        return location();
    }
}
