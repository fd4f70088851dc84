package dev.replay.archive.sink;

/**
 * A part file of an export could not be written; the message names the part and says why. The
 * parts of the failed chunk were deleted (or are deleted on restart), so nothing of it counts.
 */
public class ExportPartException extends RuntimeException {

    public ExportPartException(String message, Throwable cause) {
        super(message, cause);
    }
}
