package dev.replay.readers;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Decodes uuid and timestamptz columns from PostgreSQL's binary wire format, which pgjdbc hands
 * out unchanged through {@link ResultSet#getBytes} when a statement is server-prepared.
 * {@code getObject(i, UUID.class)} and {@code getObject(i, OffsetDateTime.class)} look up the
 * column's SQL type on every call, about a sixth of the reader's time.
 *
 * <p>A column that arrives as text (a statement pgjdbc did not prepare) falls back to pgjdbc's
 * own decoding. Stateless and thread-safe.
 */
final class PgBinaryColumns {

    /** 2000-01-01T00:00:00Z, the origin of PostgreSQL's binary timestamps, in epoch microseconds. */
    private static final long PG_EPOCH_MICROS = 946_684_800_000_000L;
    /** Beyond timestamptz's finite range (4714-11-24 BC to 294276 AD). */
    private static final Instant EARLIEST_FINITE = Instant.parse("-4714-01-01T00:00:00Z");
    private static final byte[] INFINITY_TEXT = "infinity".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final Instant LATEST_FINITE = Instant.parse("+294277-01-01T00:00:00Z");

    private PgBinaryColumns() {
    }

    /** A non-null uuid column: 16 bytes, big-endian. */
    static UUID uuid(ResultSet row, int column) throws SQLException {
        byte[] bytes = row.getBytes(column);
        if (bytes == null || bytes.length != 16) {
            return row.getObject(column, UUID.class);
        }
        return new UUID(longAt(bytes, 0), longAt(bytes, 8));
    }

    /**
     * A non-null timestamptz column: microseconds since 2000-01-01 UTC as a big-endian int64; null
     * for {@code infinity} and {@code -infinity}, which are no instants.
     */
    static Instant instant(ResultSet row, int column) throws SQLException {
        byte[] bytes = row.getBytes(column);
        if (java.util.Arrays.equals(bytes, INFINITY_TEXT)) {
            return null; // 'infinity' as text is 8 bytes too, not a binary timestamp
        }
        if (bytes == null || bytes.length != 8) {
            Instant value = row.getObject(column, OffsetDateTime.class).toInstant();
            // pgjdbc's stand-ins for 'infinity' and '-infinity' lie far outside timestamptz's finite range
            return value.isAfter(LATEST_FINITE) || value.isBefore(EARLIEST_FINITE) ? null : value;
        }
        long pgMicros = longAt(bytes, 0);
        if (pgMicros == Long.MAX_VALUE || pgMicros == Long.MIN_VALUE) { // 'infinity', '-infinity'
            return null;
        }
        long micros = pgMicros + PG_EPOCH_MICROS;
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    /** Whether a timestamptz column that {@link #instant} found infinite is {@code infinity} (else {@code -infinity}). */
    static boolean isPositiveInfinity(ResultSet row, int column) throws SQLException {
        byte[] bytes = row.getBytes(column);
        return java.util.Arrays.equals(bytes, INFINITY_TEXT) || bytes != null && bytes.length == 8 && longAt(bytes, 0) == Long.MAX_VALUE;
    }

    private static long longAt(byte[] bytes, int offset) {
        long value = 0;
        for (int i = offset; i < offset + 8; i++) {
            value = value << 8 | (bytes[i] & 0xff);
        }
        return value;
    }
}
