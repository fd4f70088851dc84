package dev.replay.archive;

import static dev.replay.archive.SegmentSchema.*;

import dev.replay.readers.Event;
import java.nio.ByteBuffer;
import java.util.UUID;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;

/**
 * Assembles one {@link Event} per row from {@link EventReadSupport#PROJECTION}'s columns.
 * Dictionary-encoded strings (aggregate type, aggregate id, event type) are decoded once per
 * dictionary entry and shared, not once per row. {@code metadata} is optional: a row without it
 * (and every row of a format-1 segment, which has no such column) gets null, at no cost.
 *
 * <p>Not thread-safe; one per reader.
 */
final class EventRecordMaterializer extends RecordMaterializer<Event> {

    private final UuidConverter eventId = new UuidConverter();
    private final StringConverter aggregateType = new StringConverter();
    private final StringConverter aggregateId = new StringConverter();
    private final LongConverter version = new LongConverter();
    private final StringConverter eventType = new StringConverter();
    private final StringConverter eventData = new StringConverter();
    private final LongConverter occurredAt = new LongConverter();
    private final IntConverter schemaVersion = new IntConverter();
    private final StringConverter metadata = new StringConverter();

    private final Converter[] converters = new Converter[EventReadSupport.METADATA_PROJECTION_INDEX + 1];
    private final GroupConverter root = new GroupConverter() {
        @Override
        public Converter getConverter(int fieldIndex) {
            return converters[fieldIndex];
        }

        @Override
        public void start() {
            metadata.value = null; // an absent optional field calls no converter
        }

        @Override
        public void end() {
        }
    };

    EventRecordMaterializer() {
        converters[EVENT_ID_INDEX] = eventId;
        converters[AGGREGATE_TYPE_INDEX] = aggregateType;
        converters[AGGREGATE_ID_INDEX] = aggregateId;
        converters[VERSION_INDEX] = version;
        converters[EVENT_TYPE_INDEX] = eventType;
        converters[EVENT_DATA_INDEX] = eventData;
        converters[OCCURRED_AT_INDEX] = occurredAt;
        converters[SCHEMA_VERSION_INDEX] = schemaVersion;
        converters[EventReadSupport.METADATA_PROJECTION_INDEX] = metadata;
    }

    @Override
    public Event getCurrentRecord() {
        return new Event(eventId.value, aggregateType.value, aggregateId.value, version.value, eventType.value,
                eventData.value, EventCodec.fromMicros(occurredAt.value), schemaVersion.value, metadata.value);
    }

    @Override
    public GroupConverter getRootConverter() {
        return root;
    }

    private static final class UuidConverter extends PrimitiveConverter {
        UUID value;

        @Override
        public void addBinary(Binary binary) {
            ByteBuffer bytes = binary.toByteBuffer();
            int at = bytes.position();
            value = new UUID(bytes.getLong(at), bytes.getLong(at + 8));
        }
    }

    private static final class StringConverter extends PrimitiveConverter {
        String value;
        private Dictionary dictionary;
        private String[] decoded;

        @Override
        public boolean hasDictionarySupport() {
            return true;
        }

        @Override
        public void setDictionary(Dictionary dictionary) {
            this.dictionary = dictionary;
            this.decoded = new String[dictionary.getMaxId() + 1];
        }

        @Override
        public void addValueFromDictionary(int id) {
            String text = decoded[id];
            if (text == null) {
                text = dictionary.decodeToBinary(id).toStringUsingUTF8();
                decoded[id] = text;
            }
            value = text;
        }

        @Override
        public void addBinary(Binary binary) {
            value = binary.toStringUsingUTF8();
        }
    }

    private static final class LongConverter extends PrimitiveConverter {
        long value;

        @Override
        public void addLong(long longValue) {
            value = longValue;
        }
    }

    private static final class IntConverter extends PrimitiveConverter {
        int value;

        @Override
        public void addInt(int intValue) {
            value = intValue;
        }
    }
}
