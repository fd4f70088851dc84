package dev.replay.archive;

import dev.replay.readers.Event;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.api.InitContext;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Types;

/**
 * Reads segment rows straight into {@link Event}s (no Avro or other object model in between),
 * projecting away the platform columns {@code position} and {@code tx_id}, which Event does not
 * carry. A file lacking one of the other columns fails at open, naming the column.
 *
 * <p>Thread-safe; the materializers it creates are not.
 */
final class EventReadSupport extends ReadSupport<Event> {

    /** The columns an Event is made of, in {@link SegmentSchema#MESSAGE}'s order and indexes. */
    static final MessageType PROJECTION = Types.buildMessage()
            .addFields(SegmentSchema.MESSAGE.getFields().subList(0, SegmentSchema.SCHEMA_VERSION_INDEX + 1)
                    .toArray(new org.apache.parquet.schema.Type[0]))
            .named(SegmentSchema.NAME);

    @Override
    public ReadContext init(InitContext context) {
        MessageType fileSchema = context.getFileSchema();
        PROJECTION.getFields().forEach(field -> {
            if (!fileSchema.containsField(field.getName())) {
                throw new IllegalStateException("Segment has no column " + field.getName() + "; schema was " + fileSchema);
            }
        });
        return new ReadContext(PROJECTION);
    }

    @Override
    public RecordMaterializer<Event> prepareForRead(Configuration configuration, Map<String, String> keyValueMetaData,
                                                    MessageType fileSchema, ReadContext readContext) {
        return new EventRecordMaterializer();
    }
}
