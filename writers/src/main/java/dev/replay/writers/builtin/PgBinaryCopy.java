package dev.replay.writers.builtin;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Rows in PostgreSQL's binary {@code COPY} format, built in memory for one {@code COPY ... FROM STDIN
 * (FORMAT binary)}: the header, then per row the field count and each field as length and bytes,
 * then the trailer ({@link #finish}). Encodes text, bigint, boolean, numeric and timestamptz; the
 * caller writes the fields of each row in the order of the {@code COPY}'s column list.
 *
 * <p>Not thread-safe; one instance builds one {@code COPY}.
 */
final class PgBinaryCopy {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    /** Seconds from the Unix epoch to PostgreSQL's, 2000-01-01T00:00:00Z. */
    private static final long PG_EPOCH_SECONDS = 946_684_800L;
    private static final int NUMERIC_NEGATIVE = 0x4000;

    private final ByteArrayOutputStream bytes;
    private final DataOutputStream out;
    private final int fields;

    PgBinaryCopy(int fields, int expectedRows) {
        this.fields = fields;
        this.bytes = new ByteArrayOutputStream(64 + expectedRows * fields * 16);
        this.out = new DataOutputStream(bytes);
        io(() -> {
            out.write(SIGNATURE);
            out.writeInt(0); // flags: no OIDs
            out.writeInt(0); // header extension length
        });
    }

    PgBinaryCopy row() {
        return io(() -> out.writeShort(fields));
    }

    PgBinaryCopy text(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        return io(() -> {
            out.writeInt(utf8.length);
            out.write(utf8);
        });
    }

    PgBinaryCopy int8(long value) {
        return io(() -> {
            out.writeInt(8);
            out.writeLong(value);
        });
    }

    /** A bigint, or NULL when {@code value} is null. */
    PgBinaryCopy int8(Long value) {
        return value == null ? nullField() : int8(value.longValue());
    }

    PgBinaryCopy bool(boolean value) {
        return io(() -> {
            out.writeInt(1);
            out.writeByte(value ? 1 : 0);
        });
    }

    /** Microseconds since PostgreSQL's epoch, nanoseconds rounded like PostgreSQL's text input. */
    PgBinaryCopy timestamptz(Instant value) {
        long micros = Math.addExact(Math.multiplyExact(value.getEpochSecond() - PG_EPOCH_SECONDS, 1_000_000L),
                (value.getNano() + 500) / 1_000);
        return int8(micros);
    }

    /** A numeric: digit count, weight, sign and display scale, then base-10000 digits. */
    PgBinaryCopy numeric(BigDecimal value) {
        BigDecimal abs = value.abs();
        int scale = Math.max(abs.scale(), 0);
        NumericDigits numeric = NumericDigits.of(abs);
        short[] digits = numeric.digits();
        int sign = value.signum() < 0 ? NUMERIC_NEGATIVE : 0;
        return io(() -> {
            out.writeInt(8 + 2 * digits.length);
            out.writeShort(digits.length);
            out.writeShort(numeric.weight());
            out.writeShort(sign);
            out.writeShort(scale);
            for (short digit : digits) {
                out.writeShort(digit);
            }
        });
    }

    PgBinaryCopy nullField() {
        return io(() -> out.writeInt(-1));
    }

    /** Writes the trailer and returns the whole {@code COPY} stream. */
    byte[] finish() {
        io(() -> out.writeShort(-1));
        return bytes.toByteArray();
    }

    private PgBinaryCopy io(IoAction action) {
        try {
            action.run();
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to encode a binary COPY row", e); // in memory: never
        }
        return this;
    }

    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }
}
