package dev.replay.config;

import dev.replay.archive.SegmentStorageException;
import dev.replay.archive.SegmentVerificationException;
import dev.replay.jobs.support.NamedFailure;
import dev.replay.readers.upcast.UpcastingException;
import java.util.Optional;
import org.springframework.batch.core.job.JobExecution;

/**
 * The one-line reason a job execution failed, as a user should read it: the outermost failure
 * whose message already names the object and the reason (an upcaster's failure names the
 * upcaster and the event, while its cause is the user code's bare message), else the message of
 * the deepest cause, since the platform's own exceptions name the object there. Stateless.
 */
public final class FailureReasons {

    private FailureReasons() {
    }

    /** The reason of the execution's first failure, empty when it recorded none. */
    public static Optional<String> of(JobExecution execution) {
        return execution.getAllFailureExceptions().stream().findFirst().map(FailureReasons::of);
    }

    public static String of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof NamedFailure || t instanceof UpcastingException || t instanceof SegmentVerificationException
                    || t instanceof SegmentStorageException) {
                return t.getMessage();
            }
        }
        String message = failure.getMessage();
        for (Throwable t = failure.getCause(); t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return message;
    }
}
