package dev.replay.config.cli;

import dev.replay.archive.ArchiveStoreConflictException;
import dev.replay.config.FailureReasons;
import dev.replay.config.InvalidConfigurationException;
import dev.replay.config.PropertyViolations;
import dev.replay.jobs.rebuild.ProjectionNameClashException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import picocli.CommandLine;

/**
 * Turns what a command threw into one line on stderr and an exit status: 2 for the user's
 * mistakes (bad options, bad properties, a database that cannot be reached), 1 for a job or
 * command that failed. Nothing prints a stack trace on the terminal: a failure (1) writes its
 * stack trace to the log file, and its line ends naming that file.
 */
final class FailureHandler implements CommandLine.IExecutionExceptionHandler {

    private final PrintStream err;

    FailureHandler(PrintStream err) {
        this.err = err;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine command, CommandLine.ParseResult parseResult) {
        BarDisplay.endAll(); // the line starts at the terminal's left edge, not after a bar
        int status = statusOf(e);
        String oneLine = String.join(" ", messageOf(e).strip().lines().map(String::strip).toList());
        if (status == ReplayCli.FAILED) { // bad configuration may echo a secret value; its one line says it all
            FailureLog.error("replay {} failed", command.getCommandName(), e);
            oneLine += FailureLog.file().map(file -> " (details in " + file + ")").orElse("");
        }
        err.println("replay " + command.getCommandName() + ": " + withoutSecrets(oneLine));
        return status;
    }

    static int statusOf(Throwable e) {
        if (e instanceof UsageException || find(e, BindException.class) != null || isConnectionFailure(e)
                || find(e, InvalidConfigurationException.class) != null
                || find(e, ArchiveStoreConflictException.class) != null
                || find(e, ProjectionNameClashException.class) != null
                || e instanceof StartupException startup && startup.unsupportedDatabase()) {
            return ReplayCli.USAGE;
        }
        return ReplayCli.FAILED;
    }

    static String messageOf(Throwable e) {
        if (e instanceof UsageException || e instanceof CommandFailedException) {
            return e.getMessage();
        }
        if (e instanceof StartupException startup && startup.unsupportedDatabase()) {
            return "spring.datasource.url must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database), was "
                    + startup.database();
        }
        if (e instanceof StartupException startup && isConnectionFailure(e)) {
            return "Cannot connect to the database at " + startup.database() + ": " + rootCause(e).getMessage();
        }
        ArchiveStoreConflictException conflict = find(e, ArchiveStoreConflictException.class);
        if (conflict != null) {
            return conflict.getMessage();
        }
        ProjectionNameClashException clash = find(e, ProjectionNameClashException.class);
        if (clash != null) {
            return clash.getMessage();
        }
        InvalidConfigurationException invalid = find(e, InvalidConfigurationException.class);
        if (invalid != null) {
            return invalid.getMessage();
        }
        BindValidationException violations = find(e, BindValidationException.class);
        if (violations != null) {
            return PropertyViolations.describe(violations);
        }
        BindException bind = find(e, BindException.class);
        if (bind != null && bind.getProperty() != null) {
            return "Invalid property " + bind.getProperty().getName() + "=" + bind.getProperty().getValue()
                    + ": " + rootCause(bind).getMessage();
        }
        Throwable lost = FailureReasons.lostConnection(e);
        if (!(e instanceof StartupException) && lost != null) {
            // the job could not even record its end; its next run marks it failed and resumes it
            return "failed: lost the connection to the database: " + lost.getMessage()
                    + "; once the database is back, run the command again:"
                    + " it resumes from the last committed chunk";
        }
        // the platform's own exceptions name the object and value; Spring's start-up wrappers do not
        String message = e instanceof StartupException || e.getMessage() == null ? rootCause(e).getMessage() : e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }

    /** Drops user:password@ and password=... that a driver may echo from a URL. */
    static String withoutSecrets(String message) {
        return message == null ? "" : message.replaceAll("[^\\s/@]+:[^\\s/@]+@", "")
                .replaceAll("(?i)(password|secret|token)=[^&\\s]*", "$1=****");
    }

    private static boolean isConnectionFailure(Throwable e) {
        if (!(e instanceof StartupException)) {
            return false;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("28")
                        || sql.getSQLState().equals("3D000"))) {
                return true; // connection exception, invalid authorization, unknown database
            }
        }
        return false;
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
