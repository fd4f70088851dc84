package dev.replay.config;

import dev.replay.archive.storage.StorageException;
import dev.replay.archive.SegmentVerificationException;
import dev.replay.jobs.support.NamedFailure;
import dev.replay.readers.upcast.UpcastingException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Optional;
import org.springframework.batch.core.job.JobExecution;

/**
 * The one-line reason a job execution failed, as a user should read it: the outermost failure
 * whose message already names the object and the reason (an upcaster's failure names the
 * upcaster and the event, while its cause is the user code's bare message), else the message of
 * the deepest cause, since the platform's own exceptions name the object there. Else a lost
 * database connection is said as such, whatever wraps it. Stateless.
 */
public final class FailureReasons {

    private FailureReasons() {
    }

    /** The reason of the execution's first failure, empty when it recorded none. */
    public static Optional<String> of(JobExecution execution) {
        return execution.getAllFailureExceptions().stream().findFirst().map(FailureReasons::of);
    }

    /**
     * The reason's line of a saved exit message: its first line, where a launch through this platform
     * puts the reason (see {@link #of(JobExecution)}); for a Spring Batch wrapper's stack trace (a run
     * launched elsewhere) the innermost cause's line instead; empty for none.
     */
    public static String firstLine(String exitMessage) {
        if (exitMessage == null || exitMessage.isBlank()) {
            return "";
        }
        List<String> lines = exitMessage.lines().toList();
        if (!lines.get(0).startsWith("org.springframework.batch")) {
            return lines.get(0);
        }
        return lines.stream().filter(line -> line.startsWith("Caused by: ")).reduce((first, second) -> second)
                .map(line -> line.substring("Caused by: ".length())).orElse(lines.get(0));
    }

    public static String of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof NamedFailure || t instanceof UpcastingException || t instanceof SegmentVerificationException
                    || t instanceof StorageException) {
                return t.getMessage();
            }
        }
        Throwable lost = lostConnection(failure);
        return lost != null ? "lost the connection to the database: " + lost.getMessage() : deepestMessage(failure);
    }

    /**
     * The cause that says the database session is gone, or null: the deepest with a connection
     * SQLState (class 08, or the server shutting down: 57P01-57P03), whose message says what the
     * driver saw (it names the host and port when it could not connect), else a pool that cannot
     * get a connection or a refused connect.
     */
    public static Throwable lostConnection(Throwable failure) {
        Throwable lost = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String state = t instanceof SQLException sql ? sql.getSQLState() : null;
            if (state != null && (state.startsWith("08") || state.startsWith("57P0"))) {
                lost = t;
            } else if (lost == null && (t instanceof ConnectException || t instanceof SQLTransientConnectionException)) {
                lost = t;
            }
        }
        return lost;
    }

    private static String deepestMessage(Throwable failure) {
        String message = failure.getMessage();
        for (Throwable t = failure.getCause(); t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return message;
    }
}
