package dev.replay.jobs.export;

import dev.replay.readers.Event;
import java.io.StringWriter;
import org.springframework.batch.infrastructure.item.file.transform.LineAggregator;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * One event as one JSON object with exactly the hot store's column names: {@code event_id},
 * {@code aggregate_type}, {@code aggregate_id}, {@code version}, {@code event_type},
 * {@code event_data} (the payload embedded as JSON, byte for byte as stored, not as a string),
 * {@code occurred_at} (ISO-8601 UTC with microseconds, {@link ExportTimestamps}),
 * {@code schema_version} and {@code metadata} (embedded as JSON like the payload, or null).
 * Every field is present on every line.
 *
 * <p>Stateless and thread-safe.
 */
final class EventJsonLineAggregator implements LineAggregator<Event> {

    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public String aggregate(Event event) {
        StringWriter line = new StringWriter(160 + event.payload().length());
        try (JsonGenerator json = JSON.createGenerator(ObjectWriteContext.empty(), line)) {
            json.writeStartObject();
            json.writeStringProperty(ExportColumns.EVENT_ID, event.eventId().toString());
            json.writeStringProperty(ExportColumns.AGGREGATE_TYPE, event.aggregateType());
            json.writeStringProperty(ExportColumns.AGGREGATE_ID, event.aggregateId());
            json.writeNumberProperty(ExportColumns.VERSION, event.version());
            json.writeStringProperty(ExportColumns.EVENT_TYPE, event.eventType());
            json.writeName(ExportColumns.EVENT_DATA);
            json.writeRawValue(event.payload()); // valid JSON already: jsonb text from the store
            json.writeStringProperty(ExportColumns.OCCURRED_AT, ExportTimestamps.format(event.occurredAt()));
            json.writeNumberProperty(ExportColumns.SCHEMA_VERSION, event.schemaVersion());
            json.writeName(ExportColumns.METADATA);
            if (event.metadata() == null) {
                json.writeNull();
            } else {
                json.writeRawValue(event.metadata()); // jsonb text from the store, like the payload
            }
            json.writeEndObject();
        }
        return line.toString();
    }
}
