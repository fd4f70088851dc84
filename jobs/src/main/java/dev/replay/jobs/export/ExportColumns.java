package dev.replay.jobs.export;

import java.util.List;

/**
 * The hot store's column names, in its order, without the platform's position and tx_id (commit
 * order, meaningless outside this store): the fields of JSON lines and the CSV header.
 */
final class ExportColumns {

    static final String EVENT_ID = "event_id";
    static final String AGGREGATE_TYPE = "aggregate_type";
    static final String AGGREGATE_ID = "aggregate_id";
    static final String VERSION = "version";
    static final String EVENT_TYPE = "event_type";
    static final String EVENT_DATA = "event_data";
    static final String OCCURRED_AT = "occurred_at";
    static final String SCHEMA_VERSION = "schema_version";
    static final String METADATA = "metadata";
    static final List<String> ALL = List.of(EVENT_ID, AGGREGATE_TYPE, AGGREGATE_ID, VERSION, EVENT_TYPE, EVENT_DATA,
            OCCURRED_AT, SCHEMA_VERSION, METADATA);

    private ExportColumns() {
    }
}
