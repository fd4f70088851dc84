package dev.replay.readers;

/**
 * One shared instance per distinct value of a low-cardinality text column (aggregate types,
 * event types), so a value's hash code is computed once per reader, not once per row: a
 * projection asks for every event whether it handles its type. A bounded linear search over a
 * handful of values; values beyond the bound pass through as they are.
 *
 * <p>Not thread-safe: one pool per reading thread.
 */
final class StringPool {

    private final String[] values = new String[16];
    private int size;

    /** The pooled instance equal to {@code value}, or {@code value} itself. */
    String canonical(String value) {
        if (value == null) {
            return null;
        }
        for (int i = 0; i < size; i++) {
            if (values[i].equals(value)) {
                return values[i];
            }
        }
        if (size < values.length) {
            values[size++] = value;
        }
        return value;
    }
}
