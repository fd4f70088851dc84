package dev.replay.config.cli;

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
        if (FAILURES instanceof ch.qos.logback.classic.Logger logger && !logger.isAdditive()) {
            FAILURES.error(format, arguments);
        }
    }
}
