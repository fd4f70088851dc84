package dev.replay.writers;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * Finds one top-level field of a JSON object, typically a number, without a parser: one pass over the
 * characters, skipping strings and nested values. Payloads come from a jsonb column, so they are
 * well-formed; anything this scanner does not expect (escaped keys, bad structure, a non-object)
 * makes it give up with {@code null}, and the caller falls back to a real parser, which also
 * reports malformed JSON properly. A rebuild calls this once per event: it is several times
 * cheaper than a streaming parser.
 *
 * <p>Stateless and thread-safe.
 */
final class TopLevelNumberScanner {

    private TopLevelNumberScanner() {
    }

    /** {@link #span}'s answer when the object is well-formed and has no such field. */
    static final long ABSENT = -1;
    /** {@link #span}'s answer when the scanner gives up. */
    static final long GIVE_UP = -2;
    /** Longer number literals are left to the parser, which refuses them (Jackson's own limit is 1000). */
    static final int MAX_NUMBER_LENGTH = 1000;

    /**
     * The field's number (the last one if the key repeats), empty when absent or not a number,
     * or {@code null} when the scanner gives up.
     */
    static Optional<BigDecimal> find(String json, String name) {
        long span = span(json, name);
        if (span == GIVE_UP) {
            return null;
        }
        if (span == ABSENT) {
            return Optional.empty();
        }
        int valueStart = (int) (span >>> 32);
        char first = json.charAt(valueStart);
        if (first != '-' && (first < '0' || first > '9')) {
            return Optional.empty();
        }
        BigDecimal found = number(json, valueStart, (int) span);
        return found == null ? null : Optional.of(found);
    }

    /**
     * Where the value of the top-level field {@code name} lies (the last one if the key repeats):
     * {@code start << 32 | end}, {@link #ABSENT} when the object has no such field, or
     * {@link #GIVE_UP}. Allocates nothing.
     */
    static long span(String json, String name) {
        // most payloads have no backslash at all: then every string ends at its next quote
        int firstBackslash = json.indexOf('\\');
        int i = skipWhitespace(json, 0);
        if (i >= json.length() || json.charAt(i) != '{') {
            return GIVE_UP;
        }
        long found = ABSENT;
        i = skipWhitespace(json, i + 1);
        if (i < json.length() && json.charAt(i) == '}') {
            return trailingWhitespaceOnly(json, i + 1) ? ABSENT : GIVE_UP;
        }
        while (i < json.length() && json.charAt(i) == '"') {
            int keyEnd = json.indexOf('"', i + 1);
            if (keyEnd < 0 || firstBackslash >= 0 && firstBackslash < keyEnd && escaped(json, i + 1, keyEnd)) {
                return GIVE_UP; // escaped key: leave it to the parser
            }
            boolean wanted = keyEnd - i - 1 == name.length() && json.startsWith(name, i + 1);
            i = skipWhitespace(json, keyEnd + 1);
            if (i >= json.length() || json.charAt(i) != ':') {
                return GIVE_UP;
            }
            int valueStart = skipWhitespace(json, i + 1);
            int valueEnd = skipValue(json, valueStart, firstBackslash);
            if (valueEnd < 0) {
                return GIVE_UP;
            }
            if (wanted) {
                found = (long) valueStart << 32 | valueEnd; // the key may repeat: the last one wins
            }
            i = skipWhitespace(json, valueEnd);
            if (i < json.length() && json.charAt(i) == ',') {
                i = skipWhitespace(json, i + 1);
            } else if (i < json.length() && json.charAt(i) == '}') {
                return trailingWhitespaceOnly(json, i + 1) ? found : GIVE_UP;
            } else {
                return GIVE_UP;
            }
        }
        return GIVE_UP;
    }

    /** The index after the value starting at {@code i}, or -1 when it is not one this scanner knows. */
    private static int skipValue(String json, int i, int firstBackslash) {
        if (i >= json.length()) {
            return -1;
        }
        char c = json.charAt(i);
        if (c == '"') {
            return skipString(json, i, firstBackslash);
        }
        if (c == '{' || c == '[') {
            int depth = 0;
            for (int at = i; at < json.length(); at++) {
                char d = json.charAt(at);
                if (d == '"') {
                    at = skipString(json, at, firstBackslash) - 1;
                    if (at < 0) {
                        return -1;
                    }
                } else if (d == '{' || d == '[') {
                    depth++;
                } else if ((d == '}' || d == ']') && --depth == 0) {
                    return at + 1;
                }
            }
            return -1;
        }
        int at = i;
        while (at < json.length() && !endsScalar(json.charAt(at))) {
            at++;
        }
        return at == i ? -1 : at;
    }

    private static boolean endsScalar(char c) {
        return c == ',' || c == '}' || c == ']' || isWhitespace(c);
    }

    /**
     * The JSON number in {@code [from, to)}: plain decimals of up to 18 digits are built from their
     * digits ({@code BigDecimal.valueOf(unscaled, scale)}, no string, no parse), others by
     * {@link BigDecimal#BigDecimal(String)}; {@code null} when it is not a number.
     */
    private static BigDecimal number(String json, int from, int to) {
        int at = from;
        boolean negative = json.charAt(at) == '-';
        if (negative) {
            at++;
        }
        long unscaled = 0;
        int digits = 0;
        int scale = -1; // -1: no decimal point yet
        for (; at < to; at++) {
            char c = json.charAt(at);
            if (c >= '0' && c <= '9') {
                unscaled = unscaled * 10 + (c - '0');
                digits++;
                if (scale >= 0) {
                    scale++;
                }
            } else if (c == '.' && scale < 0) {
                scale = 0;
            } else {
                break; // an exponent, or not a number: the general parse decides
            }
        }
        if (at == to && digits > 0 && digits <= 18 && scale != 0) {
            return BigDecimal.valueOf(negative ? -unscaled : unscaled, Math.max(scale, 0));
        }
        if (to - from > MAX_NUMBER_LENGTH) {
            return null;
        }
        try {
            return new BigDecimal(json.substring(from, to));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Whether a backslash occurs in {@code [from, to)}: looks at the key only, not back to the start. */
    private static boolean escaped(String json, int from, int to) {
        for (int at = from; at < to; at++) {
            if (json.charAt(at) == '\\') {
                return true;
            }
        }
        return false;
    }

    /** The index after the string whose opening quote is at {@code quote}, or -1 when it does not end. */
    private static int skipString(String json, int quote, int firstBackslash) {
        int end = json.indexOf('"', quote + 1);
        if (firstBackslash < 0 || end < firstBackslash) {
            return end < 0 ? -1 : end + 1; // no escape before it: the next quote ends the string
        }
        for (int at = quote + 1; at < json.length(); at++) {
            char c = json.charAt(at);
            if (c == '\\') {
                at++;
            } else if (c == '"') {
                return at + 1;
            }
        }
        return -1;
    }

    private static int skipWhitespace(String json, int i) {
        while (i < json.length() && isWhitespace(json.charAt(i))) {
            i++;
        }
        return i;
    }

    /** JSON's four whitespace characters; anything else between tokens makes the scanner give up. */
    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }

    private static boolean trailingWhitespaceOnly(String json, int i) {
        return skipWhitespace(json, i) == json.length();
    }
}
