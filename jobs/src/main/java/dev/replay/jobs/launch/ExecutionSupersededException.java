package dev.replay.jobs.launch;

/**
 * A restart was refused because a newer completed run of the same projection superseded the
 * execution (see {@link dev.replay.jobs.history.SupersededRuns}): restarting it would move the read
 * model back. Bad usage on the command line (an {@link IllegalArgumentException}), a conflict for the API.
 */
public class ExecutionSupersededException extends IllegalArgumentException {

    private final long executionId;
    private final long supersededBy;

    public ExecutionSupersededException(String message, long executionId, long supersededBy) {
        super(message);
        this.executionId = executionId;
        this.supersededBy = supersededBy;
    }

    public long executionId() {
        return executionId;
    }

    /** The newer completed execution. */
    public long supersededBy() {
        return supersededBy;
    }
}
