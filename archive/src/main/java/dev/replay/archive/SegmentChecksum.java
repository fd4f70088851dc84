package dev.replay.archive;

import dev.replay.readers.Event;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The checksum of a segment's contents: SHA-256 over the canonical encoding of its events, in
 * order, written as {@code sha256:<64 hex digits>}.
 *
 * <p>Canonical encoding of one event, all integers big-endian: the 16 bytes of {@code event_id},
 * {@code version} (8 bytes), {@code occurred_at} in epoch microseconds (8), {@code schema_version}
 * (4), then {@code aggregate_type}, {@code aggregate_id}, {@code event_type} and {@code event_data}
 * each as a 4-byte length and its UTF-8 bytes; from segment format 2 on, then {@code metadata} the
 * same way, its length -1 when it is null. The lengths keep field boundaries unambiguous; the
 * running digest makes the sum order-sensitive, so a swapped, lost or duplicated row changes it.
 * It depends only on the events, not on Parquet's encoding, compression or row groups, so the
 * same events give the same checksum from a segment or from the hot store (a later {@code verify}
 * recomputes it there). SHA-256 rather than CRC32C: the sum guards deletions from the hot store,
 * and 32 bits are too few to call a billion-event archive verified.
 *
 * <p>Format 1 segments (no metadata column) keep their sum: {@link #forFormat} picks the encoding
 * named in a segment's footer; {@link #SegmentChecksum()} is the format written now.
 *
 * <p>Not thread-safe; one instance sums one segment.
 */
final class SegmentChecksum {

    static final String PREFIX = "sha256:";

    private final MessageDigest digest;
    private final ByteBuffer fixed = ByteBuffer.allocate(16 + 8 + 8 + 4);
    private final ByteBuffer length = ByteBuffer.allocate(4);
    private final boolean coversMetadata;

    /** The checksum of the format written now, {@link SegmentSchema#FORMAT_VERSION}. */
    SegmentChecksum() {
        this(true);
    }

    private SegmentChecksum(boolean coversMetadata) {
        this.coversMetadata = coversMetadata;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * The checksum of segments of {@code format}, as their footer names it.
     *
     * @throws IllegalArgumentException for a format this version does not know
     */
    static SegmentChecksum forFormat(String format) {
        if (SegmentSchema.FORMAT_VERSION_1.equals(format)) {
            return new SegmentChecksum(false);
        }
        if (SegmentSchema.FORMAT_VERSION.equals(format)) {
            return new SegmentChecksum(true);
        }
        throw new IllegalArgumentException("Unknown segment format " + format + "; this version reads formats "
                + SegmentSchema.FORMAT_VERSION_1 + " and " + SegmentSchema.FORMAT_VERSION);
    }

    /**
     * Adds the next event, from its already encoded values (the writer has them at hand);
     * {@code metadata} is null for an event without metadata.
     */
    void update(byte[] eventId, long version, long occurredAtMicros, int schemaVersion,
                byte[] aggregateType, byte[] aggregateId, byte[] eventType, byte[] eventData, byte[] metadata) {
        fixed.clear();
        fixed.put(eventId).putLong(version).putLong(occurredAtMicros).putInt(schemaVersion);
        digest.update(fixed.array(), 0, fixed.position());
        field(aggregateType);
        field(aggregateId);
        field(eventType);
        field(eventData);
        if (coversMetadata) {
            if (metadata == null) {
                length(-1);
            } else {
                field(metadata);
            }
        }
    }

    /** Adds the next event. */
    void update(Event event) {
        update(EventCodec.toBytes(event.eventId()), event.version(), EventCodec.toMicros(event.occurredAt()),
                event.schemaVersion(), utf8(event.aggregateType()), utf8(event.aggregateId()),
                utf8(event.eventType()), utf8(event.payload()),
                event.metadata() == null ? null : utf8(event.metadata()));
    }

    /** The text form of the sum so far; the instance is reset afterwards. */
    String finish() {
        return PREFIX + HexFormat.of().formatHex(digest.digest());
    }

    private void field(byte[] bytes) {
        length(bytes.length);
        digest.update(bytes);
    }

    private void length(int value) {
        length.clear();
        length.putInt(value);
        digest.update(length.array(), 0, 4);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
