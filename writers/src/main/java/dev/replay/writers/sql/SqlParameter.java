package dev.replay.writers.sql;

import dev.replay.writers.ProjectedEvent;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * A named parameter of a SQL projection's statement, bound from each event: one of the event's
 * fields ({@code :event_id}, {@code :aggregate_type}, {@code :aggregate_id}, {@code :version},
 * {@code :event_type}, {@code :occurred_at}, {@code :schema_version}) or a payload field
 * ({@code :data.<field>}, {@code :data.<a>.<b>}).
 *
 * <p>A payload field is bound as the JSON text of its value, a string without its quotes, and SQL
 * {@code null} when the field is absent or JSON {@code null}. Text is bound with no declared type, so
 * PostgreSQL infers it from where it is used (a numeric column, a {@code cast}), as it would a literal.
 *
 * @param name the parameter's name without the colon, e.g. {@code data.total}
 * @param path for a payload field, its path below {@code data}; empty for an event field
 */
public record SqlParameter(String name, List<String> path) {

    /** The event fields a statement may name, in the order the README lists them. */
    public static final List<String> EVENT_FIELDS = List.of("event_id", "aggregate_type", "aggregate_id", "version",
            "event_type", "occurred_at", "schema_version");

    static final String DATA = "data";

    private static final Pattern FIELD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public SqlParameter {
        path = List.copyOf(path);
    }

    /**
     * The parameter of that name.
     *
     * @throws IllegalArgumentException naming the parameter and the known ones when there is no such parameter
     */
    static SqlParameter named(String name) {
        if (EVENT_FIELDS.contains(name)) {
            return new SqlParameter(name, List.of());
        }
        List<String> segments = List.of(name.split("\\.", -1));
        if (segments.size() > 1 && segments.get(0).equals(DATA)
                && segments.stream().skip(1).allMatch(segment -> FIELD.matcher(segment).matches())) {
            return new SqlParameter(name, segments.subList(1, segments.size()));
        }
        throw new IllegalArgumentException("unknown parameter :" + name + ", known: :" + String.join(", :", EVENT_FIELDS)
                + " and :data.<field>");
    }

    /** Whether it reads the payload. */
    public boolean readsPayload() {
        return !path.isEmpty();
    }

    /** Binds this parameter of {@code event} at {@code index} of the statement. */
    void bind(PreparedStatement statement, int index, ProjectedEvent event) throws SQLException {
        switch (name) {
            case "event_id" -> statement.setObject(index, event.eventId());
            case "aggregate_type" -> statement.setString(index, event.aggregateType());
            case "aggregate_id" -> statement.setString(index, event.aggregateId());
            case "version" -> statement.setLong(index, event.version());
            case "event_type" -> statement.setString(index, event.eventType());
            case "occurred_at" -> statement.setObject(index, event.occurredAt().atOffset(ZoneOffset.UTC));
            case "schema_version" -> statement.setInt(index, event.schemaVersion());
            default -> statement.setObject(index, payloadText(event), Types.OTHER);
        }
    }

    /** The payload field's value as text: a string unquoted, anything else its JSON text; null when absent or null. */
    String payloadText(ProjectedEvent event) {
        JsonNode node = event.json();
        for (String segment : path) {
            node = node.path(segment);
        }
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (node.isString()) {
            return node.stringValue();
        }
        if (node.isFloatingPointNumber()) {
            return node.decimalValue().toPlainString(); // never 1E+3: PostgreSQL reads it, but a text column would keep it
        }
        return node.toString();
    }

    @Override
    public String toString() {
        return ":" + name;
    }
}
