package dev.replay.jobs.rebuild;

/**
 * Two projections share a name: the message names the name and both sources. A configuration
 * error (the command line exits 2), thrown when {@link Projections} is built, before any job runs.
 */
public class ProjectionNameClashException extends IllegalArgumentException {

    public ProjectionNameClashException(String message) {
        super(message);
    }
}
