package dev.replay.writers.sql;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a SQL projection's statement as PostgreSQL would tokenize it, far enough to find what it must
 * replace: {@code {table}} placeholders and {@code :name} parameters outside string literals
 * ({@code '...'}, {@code E'...'}, {@code $tag$...$tag$}), quoted identifiers and comments. A
 * {@code ::} is a cast, never a parameter, so {@code :data.x::numeric} is the parameter
 * {@code data.x} cast to numeric; a colon before anything but a letter ({@code :=}, {@code [1:2]}) is left as it is. A literal {@code ?} (a jsonb operator) is doubled, JDBC's escape
 * for it. Not thread-safe: one instance parses one statement.
 */
final class SqlStatementParser {

    private final String sql;
    private final List<String> parts = new ArrayList<>();
    private final List<String> placeholders = new ArrayList<>();
    private final List<SqlParameter> parameters = new ArrayList<>();
    private final Set<String> words = new HashSet<>();
    private StringBuilder part = new StringBuilder();
    private int at;

    SqlStatementParser(String sql) {
        this.sql = sql;
    }

    /**
     * @throws IllegalArgumentException naming the problem and where: an unknown parameter, a malformed
     *         placeholder, an unterminated string, quoted identifier or comment
     */
    SqlStatement parse() {
        if (sql == null || sql.isBlank()) {
            throw new IllegalArgumentException("the statement is empty");
        }
        while (at < sql.length()) {
            step(sql.charAt(at));
        }
        parts.add(part.toString());
        return new SqlStatement(sql, parts, placeholders, parameters, words);
    }

    private void step(char c) {
        if (c == '\'') {
            copyQuoted('\'', "string literal", isEscapeString());
        } else if (c == '"') {
            copyQuoted('"', "quoted identifier", false);
        } else if (c == '-' && sql.startsWith("--", at)) {
            copyTo(sql.indexOf('\n', at) < 0 ? sql.length() : sql.indexOf('\n', at));
        } else if (c == '/' && sql.startsWith("/*", at)) {
            copyTo(endOf("*/", at + 2, "comment"));
        } else if (c == '$' && dollarTag() != null) {
            String tag = dollarTag();
            copyTo(endOf(tag, at + tag.length(), "dollar-quoted string"));
        } else if (c == ':' && sql.startsWith("::", at)) {
            copyTo(at + 2);
        } else if (c == ':' && at + 1 < sql.length() && isWordStart(sql.charAt(at + 1))) {
            parameter();
        } else if (c == '{') {
            placeholder();
        } else if (c == '?') {
            part.append("??");
            at++;
        } else if (isWordStart(c)) {
            int end = wordEnd(at);
            words.add(sql.substring(at, end).toLowerCase(java.util.Locale.ROOT));
            copyTo(end);
        } else {
            copyTo(at + 1);
        }
    }

    private boolean isEscapeString() {
        return at > 0 && (sql.charAt(at - 1) == 'E' || sql.charAt(at - 1) == 'e')
                && (at == 1 || !isWordPart(sql.charAt(at - 2)));
    }

    private void copyQuoted(char quote, String what, boolean backslashEscapes) {
        int i = at + 1;
        while (true) {
            if (i >= sql.length()) {
                throw new IllegalArgumentException("unterminated " + what + " at character " + (at + 1));
            }
            char c = sql.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == quote && i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                i += 2; // a doubled quote stands for itself
            } else if (c == quote) {
                break;
            } else {
                i++;
            }
        }
        copyTo(i + 1);
    }

    private int endOf(String terminator, int from, String what) {
        int end = sql.indexOf(terminator, from);
        if (end < 0) {
            throw new IllegalArgumentException("unterminated " + what + " at character " + (at + 1));
        }
        return end + terminator.length();
    }

    /** The {@code $tag$} that opens a dollar-quoted string here, or null ({@code $1} is a positional parameter). */
    private String dollarTag() {
        if (at > 0 && isWordPart(sql.charAt(at - 1))) {
            return null;
        }
        int i = at + 1;
        while (i < sql.length() && (Character.isLetter(sql.charAt(i)) || sql.charAt(i) == '_'
                || i > at + 1 && Character.isDigit(sql.charAt(i)))) {
            i++;
        }
        return i < sql.length() && sql.charAt(i) == '$' ? sql.substring(at, i + 1) : null;
    }

    private void parameter() {
        int end = at + 1;
        while (end < sql.length() && (isWordPart(sql.charAt(end))
                || sql.charAt(end) == '.' && end + 1 < sql.length() && isWordStart(sql.charAt(end + 1)))) {
            end++;
        }
        parameters.add(SqlParameter.named(sql.substring(at + 1, end)));
        part.append('?');
        at = end;
    }

    private void placeholder() {
        int close = sql.indexOf('}', at);
        String name = close < 0 ? null : sql.substring(at + 1, close).strip();
        if (name == null || !name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("malformed placeholder at character " + (at + 1)
                    + ": write {table} with a declared table's lower-case name");
        }
        placeholders.add(name);
        parts.add(part.toString());
        part = new StringBuilder();
        at = close + 1;
    }

    private void copyTo(int end) {
        part.append(sql, at, end);
        at = end;
    }

    private int wordEnd(int from) {
        int end = from;
        while (end < sql.length() && isWordPart(sql.charAt(end))) {
            end++;
        }
        return end;
    }

    private static boolean isWordStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isWordPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
