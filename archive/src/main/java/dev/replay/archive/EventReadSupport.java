package dev.replay.archive;

import dev.replay.readers.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.api.InitContext;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * Reads segment rows straight into {@link Event}s (no Avro or other object model in between),
 * projecting away the platform columns {@code position} and {@code tx_id}, which Event does not
 * carry. A file lacking one of the other required columns fails at open, naming the column; a
 * file without {@code metadata} (format 1) reads with null metadata.
 *
 * <p>The footer's format version ({@link SegmentSchema#META_FORMAT_VERSION}; a file without one
 * counts as format 1) is checked at open and then known through {@link #format()}: the checksum
 * of a segment depends on it. An unknown format fails at open, naming it.
 *
 * <p>Not thread-safe: one instance per file read; the materializers it creates are not either.
 */
final class EventReadSupport extends ReadSupport<Event> {

    /** The columns of a format-1 event, in {@link SegmentSchema#MESSAGE}'s order and indexes. */
    private static final List<Type> REQUIRED = SegmentSchema.MESSAGE.getFields()
            .subList(0, SegmentSchema.SCHEMA_VERSION_INDEX + 1);

    /** Where {@code metadata} is in the projection (its index differs in the file). */
    static final int METADATA_PROJECTION_INDEX = REQUIRED.size();

    /** The columns an Event is made of: {@link #REQUIRED}, then {@code metadata}. */
    static final MessageType PROJECTION = projection(true);
    private static final MessageType FORMAT_1_PROJECTION = projection(false);

    private String format;

    @Override
    public ReadContext init(InitContext context) {
        MessageType fileSchema = context.getFileSchema();
        REQUIRED.forEach(field -> {
            if (!fileSchema.containsField(field.getName())) {
                throw new IllegalStateException("Segment has no column " + field.getName() + "; schema was " + fileSchema);
            }
        });
        format = format(context.getKeyValueMetadata().get(SegmentSchema.META_FORMAT_VERSION));
        SegmentChecksum.forFormat(format); // fails for a format this version does not know
        return new ReadContext(fileSchema.containsField(SegmentSchema.METADATA) ? PROJECTION : FORMAT_1_PROJECTION);
    }

    @Override
    public RecordMaterializer<Event> prepareForRead(Configuration configuration, Map<String, String> keyValueMetaData,
                                                    MessageType fileSchema, ReadContext readContext) {
        return new EventRecordMaterializer();
    }

    /** The segment's format version, once the reader has opened the file; else null. */
    String format() {
        return format;
    }

    private static String format(Set<String> values) {
        if (values == null || values.isEmpty()) {
            return SegmentSchema.FORMAT_VERSION_1;
        }
        if (values.size() > 1) {
            throw new IllegalStateException("Segment names more than one format: " + values);
        }
        return values.iterator().next();
    }

    private static MessageType projection(boolean withMetadata) {
        List<Type> fields = new ArrayList<>(REQUIRED);
        if (withMetadata) {
            fields.add(SegmentSchema.MESSAGE.getType(SegmentSchema.METADATA));
        }
        return Types.buildMessage().addFields(fields.toArray(new Type[0])).named(SegmentSchema.NAME);
    }
}
