package dev.replay.archive;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** Conversions between the event model and the segment's physical values. Stateless. */
final class EventCodec {

    private static final long MICROS_PER_SECOND = 1_000_000L;

    private EventCodec() {
    }

    /** Microseconds since the epoch; refuses sub-microsecond instants, which would not read back equal. */
    static long toMicros(Instant instant) {
        if (instant.getNano() % 1000 != 0) {
            throw new IllegalArgumentException("occurred_at must have at most microsecond precision, was " + instant);
        }
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), MICROS_PER_SECOND), instant.getNano() / 1000);
    }

    static Instant fromMicros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, MICROS_PER_SECOND),
                Math.floorMod(micros, MICROS_PER_SECOND) * 1000L);
    }

    /** The UTC day an instant falls on: the segment's partition. */
    static LocalDate utcDate(Instant instant) {
        // not LocalDate.ofInstant(instant, UTC): ZoneOffset.getRules() builds new ZoneRules on every call,
        // per event on the archive's write and read paths (issue 15: 3% of the writing thread's samples)
        return LocalDate.ofEpochDay(Math.floorDiv(instant.getEpochSecond(), 86_400L));
    }

    /** Big-endian bytes, so that unsigned byte order equals {@link dev.replay.readers.EventKey}'s uuid order. */
    static byte[] toBytes(UUID id) {
        byte[] bytes = new byte[16];
        putLong(bytes, 0, id.getMostSignificantBits());
        putLong(bytes, 8, id.getLeastSignificantBits());
        return bytes;
    }

    static UUID toUuid(byte[] bytes, int offset) {
        return new UUID(getLong(bytes, offset), getLong(bytes, offset + 8));
    }

    private static void putLong(byte[] bytes, int offset, long value) {
        for (int i = 7; i >= 0; i--) {
            bytes[offset + i] = (byte) value;
            value >>>= 8;
        }
    }

    private static long getLong(byte[] bytes, int offset) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (bytes[offset + i] & 0xFF);
        }
        return value;
    }
}
