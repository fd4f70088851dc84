package dev.replay.config.cli;

/** A command or the job it ran failed; its message says why. Exit status 1. */
public class CommandFailedException extends RuntimeException {

    public CommandFailedException(String message) {
        super(message);
    }
}
