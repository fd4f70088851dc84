package dev.replay.archive;

import static dev.replay.archive.SegmentSchema.*;

import dev.replay.readers.Event;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;

/**
 * Writes {@link Event}s as rows of {@link SegmentSchema#MESSAGE} (no Avro or other object model
 * in between) and feeds the segment's checksum with the bytes it writes, so every string is
 * encoded once. The footer names the format, {@link SegmentSchema#FORMAT_VERSION}; at close it
 * adds the segment's rows, first and last key and checksum to the footer's key-value metadata.
 *
 * <p>Not thread-safe; one instance per file.
 */
final class EventWriteSupport extends WriteSupport<Event> {

    private final SegmentDigest digest;
    private RecordConsumer out;
    private String checksum;

    EventWriteSupport(SegmentDigest digest) {
        this.digest = digest;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public WriteContext init(Configuration configuration) {
        return new WriteContext(MESSAGE, Map.of(META_FORMAT_VERSION, FORMAT_VERSION));
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.out = recordConsumer;
    }

    @Override
    public void write(Event event) {
        byte[] id = EventCodec.toBytes(event.eventId());
        byte[] aggregateType = utf8(event.aggregateType());
        byte[] aggregateId = utf8(event.aggregateId());
        byte[] eventType = utf8(event.eventType());
        byte[] payload = utf8(event.payload());
        byte[] metadata = event.metadata() == null ? null : utf8(event.metadata());
        long micros = EventCodec.toMicros(event.occurredAt());
        digest.checksum().update(id, event.version(), micros, event.schemaVersion(),
                aggregateType, aggregateId, eventType, payload, metadata);
        out.startMessage();
        binary(EVENT_ID, EVENT_ID_INDEX, id);
        binary(AGGREGATE_TYPE, AGGREGATE_TYPE_INDEX, aggregateType);
        binary(AGGREGATE_ID, AGGREGATE_ID_INDEX, aggregateId);
        int64(VERSION, VERSION_INDEX, event.version());
        binary(EVENT_TYPE, EVENT_TYPE_INDEX, eventType);
        binary(EVENT_DATA, EVENT_DATA_INDEX, payload);
        int64(OCCURRED_AT, OCCURRED_AT_INDEX, micros);
        out.startField(SCHEMA_VERSION, SCHEMA_VERSION_INDEX);
        out.addInteger(event.schemaVersion());
        out.endField(SCHEMA_VERSION, SCHEMA_VERSION_INDEX);
        // position and tx_id stay null: Event does not carry the hot store's platform columns
        if (metadata != null) { // optional: a null is an absent field
            binary(METADATA, METADATA_INDEX, metadata);
        }
        out.endMessage();
    }

    @Override
    public FinalizedWriteContext finalizeWrite() {
        checksum = digest.checksum().finish();
        return new FinalizedWriteContext(Map.of(
                META_ROWS, Long.toString(digest.rows()),
                META_FIRST_KEY, String.valueOf(digest.first()),
                META_LAST_KEY, String.valueOf(digest.last()),
                META_CHECKSUM, checksum));
    }

    /** The checksum of everything written, once the file is closed; else null. */
    String checksum() {
        return checksum;
    }

    private void binary(String field, int index, byte[] value) {
        out.startField(field, index);
        out.addBinary(Binary.fromConstantByteArray(value));
        out.endField(field, index);
    }

    private void int64(String field, int index, long value) {
        out.startField(field, index);
        out.addLong(value);
        out.endField(field, index);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
