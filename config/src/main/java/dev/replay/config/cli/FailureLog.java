package dev.replay.config.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log file's copy of a failure the command line reports in one line: the stack trace, under
 * logger {@code replay.failures}, which {@code logback-spring.xml} sends to the log file only. Until
 * Spring Boot has configured logging from that file, logback's default would print to the
 * terminal, so nothing is logged then (the logger is still additive). Thread-safe.
 */
final class FailureLog {

    private static final Logger FAILURES = LoggerFactory.getLogger("replay.failures");

    private FailureLog() {
    }

    static void error(String format, Object... arguments) {
        if (configured()) {
            FAILURES.error(format, arguments);
        }
    }

    /** The file that {@link #error} writes to, absolute; empty until logging is configured. */
    static Optional<Path> file() {
        if (!configured()) {
            return Optional.empty();
        }
        Iterator<Appender<ch.qos.logback.classic.spi.ILoggingEvent>> appenders =
                ((ch.qos.logback.classic.Logger) FAILURES).iteratorForAppenders();
        while (appenders.hasNext()) {
            if (appenders.next() instanceof FileAppender<?> file && file.getFile() != null) {
                return Optional.of(Path.of(file.getFile()).toAbsolutePath().normalize());
            }
        }
        return Optional.empty();
    }

    private static boolean configured() {
        return LoggerFactory.getILoggerFactory() instanceof LoggerContext
                && FAILURES instanceof ch.qos.logback.classic.Logger logger && !logger.isAdditive();
    }
}
