package dev.replay.writers;

import java.util.regex.Pattern;

/** Validation and naming of read-model tables: stable names and their per-build physical copies. */
final class TableNames {

    /** PostgreSQL truncates identifiers beyond 63 bytes; leave room for the {@code __b<n>} suffix. */
    static final int MAX_STABLE_LENGTH = 48;

    /** PostgreSQL's limit on identifiers, in bytes (all names here are ASCII). */
    static final int MAX_IDENTIFIER_LENGTH = 63;

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");
    private static final Pattern PURPOSE = Pattern.compile("[a-z][a-z0-9]*");

    private TableNames() {
    }

    /** Checks a stable table name, returning it. */
    static String checkStable(String name) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("table name must be a lower-case SQL identifier"
                    + " ([a-z_][a-z0-9_]*), was " + (name == null ? "null" : "'" + name + "'"));
        }
        if (name.length() > MAX_STABLE_LENGTH) {
            throw new IllegalArgumentException("table name must have at most " + MAX_STABLE_LENGTH
                    + " characters, was '" + name + "' (" + name.length() + ")");
        }
        if (name.matches(".*__b[0-9]+(__.*)?")) {
            throw new IllegalArgumentException("table name must not end in __b<n> or contain __b<n>__, the suffixes"
                    + " of build copies and their work tables, was '" + name + "'");
        }
        return name;
    }

    /** The physical table of a build, e.g. {@code account_balance__b3}. */
    static String physical(String stableName, long build) {
        if (build < 1) {
            throw new IllegalArgumentException("build must be positive, was " + build);
        }
        return checkStable(stableName) + "__b" + build;
    }

    /** A build's private work table next to a physical table, e.g. {@code account_balance__b3__delta}. */
    static String work(String physical, String purpose) {
        if (purpose == null || !PURPOSE.matcher(purpose).matches()) {
            throw new IllegalArgumentException("work table purpose must match [a-z][a-z0-9]*, was "
                    + (purpose == null ? "null" : "'" + purpose + "'"));
        }
        String name = physical + "__" + purpose;
        if (name.length() > MAX_IDENTIFIER_LENGTH) {
            throw new IllegalArgumentException("work table name must have at most " + MAX_IDENTIFIER_LENGTH
                    + " characters, was '" + name + "' (" + name.length() + ")");
        }
        return name;
    }

    /** The prefix shared by every work table of a physical table, for dropping them with the build. */
    static String workPrefix(String physical) {
        return physical + "__";
    }
}
