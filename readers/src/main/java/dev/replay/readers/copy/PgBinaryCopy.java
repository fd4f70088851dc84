package dev.replay.readers.copy;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Rows in PostgreSQL's binary {@code COPY} format, built in memory for one
 * {@code COPY ... FROM STDIN (FORMAT binary)}: the header, per row the field count and each field
 * as length and bytes, then the trailer. Binary spares the server parsing numbers, uuids and
 * timestamps from text. The caller writes each row's fields in the order of the COPY's columns.
 *
 * <p>A plain growable array with big-endian writes: this is on the hot path of seeding and of
 * rebuilds, where stream wrappers cost more than the encoding. Not thread-safe; one instance
 * builds one {@code COPY}.
 */
public final class PgBinaryCopy {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    /** Seconds from the Unix epoch to PostgreSQL's, 2000-01-01T00:00:00Z. */
    private static final long PG_EPOCH_SECONDS = 946_684_800L;
    private static final byte JSONB_VERSION = 1;

    private final short fields;
    private byte[] buffer;
    private int length;

    /** A COPY of rows with {@code fields} columns, sized for about {@code expectedBytes}. */
    public PgBinaryCopy(int fields, int expectedBytes) {
        this.fields = (short) fields;
        this.buffer = new byte[Math.max(64, expectedBytes)];
        put(SIGNATURE, 0, SIGNATURE.length);
        putInt(0); // flags: no OIDs
        putInt(0); // header extension length
    }

    public PgBinaryCopy row() {
        putShort(fields);
        return this;
    }

    public PgBinaryCopy text(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        putInt(utf8.length);
        put(utf8, 0, utf8.length);
        return this;
    }

    /** A jsonb value from its JSON text (the server still parses the text). */
    public PgBinaryCopy jsonb(String json) {
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        putInt(utf8.length + 1);
        ensure(1);
        buffer[length++] = JSONB_VERSION;
        put(utf8, 0, utf8.length);
        return this;
    }

    /** A jsonb value from its JSON text, or NULL when {@code json} is null. */
    public PgBinaryCopy jsonbOrNull(String json) {
        return json == null ? nullField() : jsonb(json);
    }

    public PgBinaryCopy int2(short value) {
        putInt(2);
        putShort(value);
        return this;
    }

    public PgBinaryCopy int4(int value) {
        putInt(4);
        putInt(value);
        return this;
    }

    public PgBinaryCopy int8(long value) {
        putInt(8);
        putLong(value);
        return this;
    }

    /** A bigint, or NULL when {@code value} is null. */
    public PgBinaryCopy int8(Long value) {
        return value == null ? nullField() : int8(value.longValue());
    }

    public PgBinaryCopy uuid(UUID value) {
        putInt(16);
        putLong(value.getMostSignificantBits());
        putLong(value.getLeastSignificantBits());
        return this;
    }

    /** Microseconds since PostgreSQL's epoch, nanoseconds rounded like PostgreSQL's text input. */
    public PgBinaryCopy timestamptz(Instant value) {
        return timestamptz(pgMicros(value));
    }

    /** A timestamptz given as {@link #pgMicros} of an instant: for callers that keep instants as longs. */
    public PgBinaryCopy timestamptz(long pgMicros) {
        return int8(pgMicros);
    }

    /** The instant as PostgreSQL stores a timestamptz: microseconds since 2000-01-01T00:00:00Z. */
    public static long pgMicros(Instant value) {
        return Math.addExact(Math.multiplyExact(value.getEpochSecond() - PG_EPOCH_SECONDS, 1_000_000L),
                (value.getNano() + 500) / 1_000);
    }

    public PgBinaryCopy nullField() {
        putInt(-1);
        return this;
    }

    /** Writes the trailer and streams everything through one {@code COPY} on the connection; the row count. */
    public long copyIn(Connection connection, String copySql) throws SQLException {
        putShort((short) -1);
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
        try {
            copy.writeToCopy(buffer, 0, length);
            return copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    /**
     * Sends the rows built so far into an open {@code COPY} and keeps building after them, for a
     * COPY streamed in parts: the server ingests one part while the caller encodes the next.
     */
    public void writeTo(CopyIn copy) throws SQLException {
        copy.writeToCopy(buffer, 0, length);
        length = 0;
    }

    /** Sends the rest and the trailer into an open {@code COPY} and ends it; the row count. */
    public long endCopy(CopyIn copy) throws SQLException {
        putShort((short) -1);
        writeTo(copy);
        return copy.endCopy();
    }

    private void putShort(short value) {
        ensure(2);
        buffer[length++] = (byte) (value >>> 8);
        buffer[length++] = (byte) value;
    }

    private void putInt(int value) {
        ensure(4);
        buffer[length++] = (byte) (value >>> 24);
        buffer[length++] = (byte) (value >>> 16);
        buffer[length++] = (byte) (value >>> 8);
        buffer[length++] = (byte) value;
    }

    private void putLong(long value) {
        putInt((int) (value >>> 32));
        putInt((int) value);
    }

    private void put(byte[] bytes, int offset, int count) {
        ensure(count);
        System.arraycopy(bytes, offset, buffer, length, count);
        length += count;
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }
}
