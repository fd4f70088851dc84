package dev.replay.readers;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Encodes events in PostgreSQL's binary {@code COPY} format, in the column order of
 * {@link JdbcEventAppender}'s statement. Binary spares the server parsing uuids, numbers and
 * timestamps from text, which is most of an append's cost after the indexes.
 *
 * <p>Stateless and thread-safe.
 */
final class BinaryCopyEncoder {

    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
    private static final Instant POSTGRES_EPOCH = Instant.parse("2000-01-01T00:00:00Z");
    private static final short FIELDS = 8;
    private static final byte JSONB_VERSION = 1;

    private BinaryCopyEncoder() {
    }

    /** The COPY data of the events; {@link Buffer#bytes()} up to {@link Buffer#length()}, not copied once more. */
    static Buffer encode(List<Event> events) {
        Buffer bytes = new Buffer(events.size() * 400);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(HEADER);
            out.writeInt(0); // flags: no OIDs
            out.writeInt(0); // no header extension
            for (Event event : events) {
                write(out, event);
            }
            out.writeShort(-1);
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to encode events for COPY", e); // in memory: cannot happen
        }
        return bytes;
    }

    /** A byte buffer whose content is handed to the driver as is. */
    static final class Buffer extends ByteArrayOutputStream {

        Buffer(int capacity) {
            super(capacity);
        }

        byte[] bytes() {
            return buf;
        }

        int length() {
            return count;
        }
    }

    private static void write(DataOutputStream out, Event event) throws IOException {
        out.writeShort(FIELDS);
        out.writeInt(16);
        out.writeLong(event.eventId().getMostSignificantBits());
        out.writeLong(event.eventId().getLeastSignificantBits());
        text(out, event.aggregateType());
        text(out, event.aggregateId());
        out.writeInt(8);
        out.writeLong(event.version());
        text(out, event.eventType());
        byte[] payload = event.payload().getBytes(StandardCharsets.UTF_8);
        out.writeInt(payload.length + 1);
        out.writeByte(JSONB_VERSION);
        out.write(payload);
        out.writeInt(8);
        out.writeLong(ChronoUnit.MICROS.between(POSTGRES_EPOCH, event.occurredAt()));
        out.writeInt(4);
        out.writeInt(event.schemaVersion());
    }

    private static void text(DataOutputStream out, String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }
}
