package dev.replay.writers;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * Finds one top-level number field of a JSON object without a parser: one pass over the
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

    /**
     * The field's number (the last one if the key repeats), empty when absent or not a number,
     * or {@code null} when the scanner gives up.
     */
    static Optional<BigDecimal> find(String json, String name) {
        int i = skipWhitespace(json, 0);
        if (i >= json.length() || json.charAt(i) != '{') {
            return null;
        }
        BigDecimal found = null;
        i = skipWhitespace(json, i + 1);
        if (i < json.length() && json.charAt(i) == '}') {
            return trailingWhitespaceOnly(json, i + 1) ? Optional.empty() : null;
        }
        while (i < json.length() && json.charAt(i) == '"') {
            int keyEnd = json.indexOf('"', i + 1);
            if (keyEnd < 0 || escaped(json, i + 1, keyEnd)) {
                return null; // escaped key: leave it to the parser
            }
            boolean wanted = keyEnd - i - 1 == name.length() && json.startsWith(name, i + 1);
            i = skipWhitespace(json, keyEnd + 1);
            if (i >= json.length() || json.charAt(i) != ':') {
                return null;
            }
            int valueStart = skipWhitespace(json, i + 1);
            int valueEnd = skipValue(json, valueStart);
            if (valueEnd < 0) {
                return null;
            }
            if (wanted) {
                char first = json.charAt(valueStart);
                if (first == '-' || (first >= '0' && first <= '9')) {
                    try {
                        found = new BigDecimal(json.substring(valueStart, valueEnd).strip());
                    } catch (NumberFormatException e) {
                        return null;
                    }
                } else {
                    found = null; // the key repeats with a non-number: the last one wins
                }
            }
            i = skipWhitespace(json, valueEnd);
            if (i < json.length() && json.charAt(i) == ',') {
                i = skipWhitespace(json, i + 1);
            } else if (i < json.length() && json.charAt(i) == '}') {
                return trailingWhitespaceOnly(json, i + 1) ? Optional.ofNullable(found) : null;
            } else {
                return null;
            }
        }
        return null;
    }

    /** The index after the value starting at {@code i}, or -1 when it is not one this scanner knows. */
    private static int skipValue(String json, int i) {
        if (i >= json.length()) {
            return -1;
        }
        char c = json.charAt(i);
        if (c == '"') {
            return skipString(json, i);
        }
        if (c == '{' || c == '[') {
            int depth = 0;
            for (int at = i; at < json.length(); at++) {
                char d = json.charAt(at);
                if (d == '"') {
                    at = skipString(json, at) - 1;
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
        while (at < json.length() && ",}] \t\r\n".indexOf(json.charAt(at)) < 0) {
            at++;
        }
        return at == i ? -1 : at;
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

    private static int skipString(String json, int quote) {
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
        while (i < json.length() && Character.isWhitespace(json.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean trailingWhitespaceOnly(String json, int i) {
        return skipWhitespace(json, i) == json.length();
    }
}
