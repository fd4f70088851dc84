package dev.replay.config;

import dev.replay.readers.HotStoreColumn;
import dev.replay.readers.HotStoreTable;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The hot store under {@code replay.hot.*}: which table it is ({@code table}, default {@code events},
 * the platform's own) and what its columns are called ({@code columns.*}, defaults: the platform's
 * names; on a table of your own {@code metadata} and {@code schema-version} are unmapped unless
 * given), and its optional read replica ({@code read-replica.*}). When the replica's URL is set,
 * replays read events (and capture their high-water marks) there; writes, the catalog and the job
 * metadata stay on the primary {@code spring.datasource}.
 */
@ConfigurationProperties("replay.hot")
public record HotStoreProperties(ReadReplica readReplica, String table, Columns columns) {

    public HotStoreProperties {
        readReplica = readReplica == null ? new ReadReplica(null, null, null) : readReplica;
        table = table == null || table.isBlank() ? HotStoreTable.DEFAULT_NAME : table;
        columns = columns == null ? new Columns(null, null, null, null, null, null, null, null, null) : columns;
    }

    /**
     * The mapping as a {@link HotStoreTable}.
     *
     * @throws InvalidConfigurationException naming the property when the mapping cannot be a table
     */
    public HotStoreTable hotStoreTable() {
        try {
            return HotStoreTable.of(table, columns.byColumn());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(e.getMessage(), e);
        }
    }

    /** Connection settings of the replica; the password never appears in logs or messages. */
    public record ReadReplica(String url, String username, String password) {

        public boolean configured() {
            return url != null && !url.isBlank();
        }
    }

    /** The physical column names, {@code replay.hot.columns.<name>}; null keeps the default. */
    public record Columns(String eventId, String aggregateType, String aggregateId, String version, String eventType,
                          String eventData, String occurredAt, String metadata, String schemaVersion) {

        Map<HotStoreColumn, String> byColumn() {
            Map<HotStoreColumn, String> columns = new EnumMap<>(HotStoreColumn.class);
            put(columns, HotStoreColumn.EVENT_ID, eventId);
            put(columns, HotStoreColumn.AGGREGATE_TYPE, aggregateType);
            put(columns, HotStoreColumn.AGGREGATE_ID, aggregateId);
            put(columns, HotStoreColumn.VERSION, version);
            put(columns, HotStoreColumn.EVENT_TYPE, eventType);
            put(columns, HotStoreColumn.EVENT_DATA, eventData);
            put(columns, HotStoreColumn.OCCURRED_AT, occurredAt);
            put(columns, HotStoreColumn.METADATA, metadata);
            put(columns, HotStoreColumn.SCHEMA_VERSION, schemaVersion);
            return columns;
        }

        private static void put(Map<HotStoreColumn, String> columns, HotStoreColumn column, String name) {
            if (name != null) {
                columns.put(column, name);
            }
        }
    }
}
