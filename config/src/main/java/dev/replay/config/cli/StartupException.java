package dev.replay.config.cli;

/** The application could not start; names the database it was configured for (never with credentials). */
final class StartupException extends RuntimeException {

    private final String database;

    StartupException(String database, Throwable cause) {
        super("Failed to start: " + cause.getMessage(), cause);
        this.database = database;
    }

    String database() {
        return database;
    }

    /** True when the configured URL is not PostgreSQL's, the one database the platform runs on. */
    boolean unsupportedDatabase() {
        return database.startsWith("jdbc:") && !database.startsWith("jdbc:postgresql:");
    }
}
