package dev.replay.jobs.launch;

/** A launch was refused because the same job (for the same projection) runs elsewhere. */
public class JobAlreadyRunningException extends IllegalStateException {

    public JobAlreadyRunningException(String message) {
        super(message);
    }
}
