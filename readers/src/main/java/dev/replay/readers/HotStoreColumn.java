package dev.replay.readers;

import java.util.List;

/**
 * The columns a replay needs from the hot store, by the property that maps each
 * ({@code replay.hot.columns.<property>}), the platform's own name (that of the default
 * {@code events} table, of archive segments and of exports) and the PostgreSQL types it may have.
 * {@link #METADATA} and {@link #SCHEMA_VERSION} are optional: a table without them replays every
 * event with no metadata, at schema version 1.
 */
public enum HotStoreColumn {

    EVENT_ID("event-id", "event_id", false, "uuid"),
    AGGREGATE_TYPE("aggregate-type", "aggregate_type", false, "text", "character varying"),
    AGGREGATE_ID("aggregate-id", "aggregate_id", false, "text", "character varying"),
    VERSION("version", "version", false, "integer", "bigint"),
    EVENT_TYPE("event-type", "event_type", false, "text", "character varying"),
    EVENT_DATA("event-data", "event_data", false, "jsonb", "json", "text"),
    OCCURRED_AT("occurred-at", "occurred_at", false, "timestamp with time zone"),
    METADATA("metadata", "metadata", true, "jsonb", "json", "text"),
    SCHEMA_VERSION("schema-version", "schema_version", true, "integer", "smallint", "bigint");

    private final String property;
    private final String platformName;
    private final boolean optional;
    private final List<String> types;

    HotStoreColumn(String property, String platformName, boolean optional, String... types) {
        this.property = property;
        this.platformName = platformName;
        this.optional = optional;
        this.types = List.of(types);
    }

    /** The property that maps it, e.g. {@code replay.hot.columns.event-id}. */
    public String property() {
        return "replay.hot.columns." + property;
    }

    /** The key under {@code replay.hot.columns}, e.g. {@code event-id}. */
    public String key() {
        return property;
    }

    /** Its name in the default table, archive segments and exports, e.g. {@code event_id}. */
    public String platformName() {
        return platformName;
    }

    /** Whether a mapped table may leave it out. */
    public boolean optional() {
        return optional;
    }

    /** The types it may have, as PostgreSQL's {@code format_type} names them. */
    public List<String> types() {
        return types;
    }
}
