package dev.replay.jobs.export;

import dev.replay.readers.Event;
import org.springframework.batch.infrastructure.item.file.transform.LineAggregator;

/**
 * One event as one RFC 4180 CSV record in the hot store's column order ({@link #HEADER}):
 * {@code event_data} is the payload's JSON text, always quoted; {@code metadata} is its JSON text,
 * quoted, or an empty field when the event has none; other fields are quoted when they hold a
 * comma, a quote or a line break; quotes are doubled. Records end with CRLF
 * ({@link #LINE_SEPARATOR}). {@code occurred_at} is ISO-8601 UTC with microseconds.
 *
 * <p>Stateless and thread-safe.
 */
final class EventCsvLineAggregator implements LineAggregator<Event> {

    static final String HEADER = String.join(",", ExportColumns.ALL);
    static final String LINE_SEPARATOR = "\r\n";

    @Override
    public String aggregate(Event event) {
        StringBuilder line = new StringBuilder(120 + event.payload().length());
        line.append(event.eventId()).append(',');
        field(line, event.aggregateType()).append(',');
        field(line, event.aggregateId()).append(',');
        line.append(event.version()).append(',');
        field(line, event.eventType()).append(',');
        quoted(line, event.payload()).append(',');
        line.append(ExportTimestamps.format(event.occurredAt())).append(',');
        line.append(event.schemaVersion()).append(',');
        if (event.metadata() != null) { // "" would be an empty string; no field is null
            quoted(line, event.metadata());
        }
        return line.toString();
    }

    private static StringBuilder field(StringBuilder line, String value) {
        boolean quote = value.isEmpty() || value.chars().anyMatch(c -> c == ',' || c == '"' || c == '\r' || c == '\n');
        return quote ? quoted(line, value) : line.append(value);
    }

    private static StringBuilder quoted(StringBuilder line, String value) {
        return line.append('"').append(value.replace("\"", "\"\"")).append('"');
    }
}
