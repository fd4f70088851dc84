package dev.replay.writers;

import java.util.regex.Pattern;

/** Validation and naming of read-model tables: stable names and their per-build physical copies. */
final class TableNames {

    /** PostgreSQL truncates identifiers beyond 63 bytes; leave room for the {@code __b<n>} suffix. */
    static final int MAX_STABLE_LENGTH = 48;

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");

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
        if (name.matches(".*__b[0-9]+")) {
            throw new IllegalArgumentException("table name must not end in __b<n>, the suffix of build copies,"
                    + " was '" + name + "'");
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
}
