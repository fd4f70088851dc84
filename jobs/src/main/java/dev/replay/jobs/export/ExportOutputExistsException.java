package dev.replay.jobs.export;

/** A fresh export was asked to write where something already is, without leave to overwrite it. */
public class ExportOutputExistsException extends IllegalStateException {

    private final transient ExportOutput output;

    public ExportOutputExistsException(ExportOutput output) {
        super("out " + output + " already exists; choose another path or pass --overwrite to replace it");
        this.output = output;
    }

    public ExportOutput output() {
        return output;
    }
}
