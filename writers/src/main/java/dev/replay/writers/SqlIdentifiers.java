package dev.replay.writers;

/**
 * Quotes SQL identifiers for PostgreSQL: {@code "name"}, embedded double quotes doubled. Every
 * identifier that is put into SQL text and comes from the catalog (a table found by a query), a
 * registry row or configuration goes through {@link #quote}, so that a name holding a quote, a
 * semicolon or upper case is the name of one relation, never more SQL. Names are case-sensitive once
 * quoted: a lower-case identifier means the same quoted or not.
 *
 * <p>Stateless and thread-safe.
 */
public final class SqlIdentifiers {

    private SqlIdentifiers() {
    }

    /**
     * The identifier as a quoted SQL identifier, e.g. {@code account_balance__b3} as
     * {@code "account_balance__b3"} and {@code a"b} as {@code "a""b"}.
     *
     * @throws IllegalArgumentException when it is null, empty or holds a NUL character, which no identifier may
     */
    public static String quote(String identifier) {
        if (identifier == null || identifier.isEmpty() || identifier.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("SQL identifier must be non-empty text without NUL, was "
                    + (identifier == null ? "null" : "'" + identifier.replace("\0", "\\0") + "'"));
        }
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
