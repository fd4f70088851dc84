package dev.replay.jobs.export;

import dev.replay.archive.sink.ExportOutputRefusedException;

import dev.replay.archive.sink.ExportOutput;

/** A fresh export was asked to write where something already is, without leave to overwrite it. */
public class ExportOutputExistsException extends ExportOutputRefusedException {

    public ExportOutputExistsException(ExportOutput output) {
        super(output, "out " + output + " already exists; choose another path or pass --overwrite to replace it");
    }
}
