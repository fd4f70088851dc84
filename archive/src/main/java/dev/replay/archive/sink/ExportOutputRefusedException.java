package dev.replay.archive.sink;

/**
 * An export was refused before it wrote or deleted anything, because of where it would write:
 * the message names the output and what it collides with. Bad usage, not a failed job.
 */
public class ExportOutputRefusedException extends IllegalStateException {

    private final transient ExportOutput output;

    public ExportOutputRefusedException(ExportOutput output, String message) {
        super(message);
        this.output = output;
    }

    public ExportOutput output() {
        return output;
    }
}
