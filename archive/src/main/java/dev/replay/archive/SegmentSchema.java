package dev.replay.archive;

import static org.apache.parquet.schema.LogicalTypeAnnotation.jsonType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.stringType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.timestampType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.uuidType;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BINARY;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT32;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT64;

import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Types;

/**
 * The Parquet schema of an archive segment, one row per event, in the hot store's column names.
 *
 * <p>Types are chosen so that other engines (DuckDB, Spark, Trino) read a segment without this
 * platform, and so that Parquet's own statistics order rows as the replay order does:
 * <ul>
 *   <li>{@code event_id}: {@code FIXED_LEN_BYTE_ARRAY(16)} with the UUID logical type, big-endian;
 *       Parquet compares fixed-length bytes unsigned, as PostgreSQL and
 *       {@link dev.replay.readers.EventKey} compare uuids, and 16 bytes beat 36 characters.</li>
 *   <li>{@code aggregate_type}, {@code aggregate_id}, {@code event_type}: {@code BINARY} STRING,
 *       dictionary-encoded by the writer, since few distinct values repeat across many rows.</li>
 *   <li>{@code version}: {@code INT64}, as the hot store's {@code bigint}.</li>
 *   <li>{@code event_data}: {@code BINARY} with the JSON logical type: the payload's JSON text,
 *       byte for byte as the hot store returned it; engines that know JSON read it as JSON,
 *       the others as a string.</li>
 *   <li>{@code occurred_at}: {@code INT64 TIMESTAMP(MICROS, isAdjustedToUTC=true)}: microseconds
 *       are PostgreSQL's timestamptz precision, and UTC-adjusted reads back as a timestamp with
 *       time zone (not {@code INT96}, which is deprecated and loses the UTC flag).</li>
 *   <li>{@code schema_version}: {@code INT32}, the payload's schema version.</li>
 *   <li>{@code position}, {@code tx_id}: optional {@code INT64} platform columns of the hot store,
 *       null when the writer is not given them; {@code tx_id} holds the {@code xid8} as a signed
 *       long (xids stay far below 2^63).</li>
 *   <li>{@code metadata}: optional {@code BINARY} with the JSON logical type: the hot store's
 *       {@code metadata} JSON text, null when the event has none. Last, so that the columns of
 *       format 1 keep their indexes.</li>
 * </ul>
 * The partition column {@code date} is not stored: it is the Hive-style directory
 * ({@link ArchiveLayout}).
 *
 * <p>Format versions, in the footer's {@code replay.segment.format}: {@code 1} had no
 * {@code metadata} column and its checksum no metadata; {@code 2} (written now) has both. Readers
 * read both; a format-1 event's metadata reads as null ({@link SegmentChecksum}).
 *
 * <p>Immutable and thread-safe.
 */
public final class SegmentSchema {

    public static final String EVENT_ID = "event_id";
    public static final String AGGREGATE_TYPE = "aggregate_type";
    public static final String AGGREGATE_ID = "aggregate_id";
    public static final String VERSION = "version";
    public static final String EVENT_TYPE = "event_type";
    public static final String EVENT_DATA = "event_data";
    public static final String OCCURRED_AT = "occurred_at";
    public static final String SCHEMA_VERSION = "schema_version";
    public static final String POSITION = "position";
    public static final String TX_ID = "tx_id";
    public static final String METADATA = "metadata";

    /** The name of the Parquet message, and the prefix of this platform's footer metadata keys. */
    public static final String NAME = "replay_event";

    /** Field indexes in {@link #MESSAGE}, in declaration order. */
    static final int EVENT_ID_INDEX = 0;
    static final int AGGREGATE_TYPE_INDEX = 1;
    static final int AGGREGATE_ID_INDEX = 2;
    static final int VERSION_INDEX = 3;
    static final int EVENT_TYPE_INDEX = 4;
    static final int EVENT_DATA_INDEX = 5;
    static final int OCCURRED_AT_INDEX = 6;
    static final int SCHEMA_VERSION_INDEX = 7;
    static final int POSITION_INDEX = 8;
    static final int TX_ID_INDEX = 9;
    static final int METADATA_INDEX = 10;

    /** The schema every segment is written with. */
    public static final MessageType MESSAGE = Types.buildMessage()
            .required(FIXED_LEN_BYTE_ARRAY).length(16).as(uuidType()).named(EVENT_ID)
            .required(BINARY).as(stringType()).named(AGGREGATE_TYPE)
            .required(BINARY).as(stringType()).named(AGGREGATE_ID)
            .required(INT64).named(VERSION)
            .required(BINARY).as(stringType()).named(EVENT_TYPE)
            .required(BINARY).as(jsonType()).named(EVENT_DATA)
            .required(INT64).as(timestampType(true, TimeUnit.MICROS)).named(OCCURRED_AT)
            .required(INT32).named(SCHEMA_VERSION)
            .optional(INT64).named(POSITION)
            .optional(INT64).named(TX_ID)
            .optional(BINARY).as(jsonType()).named(METADATA)
            .named(NAME);

    /** Footer metadata keys: a segment describes itself, so a lost catalog row can be rebuilt. */
    static final String META_FORMAT_VERSION = "replay.segment.format";
    static final String META_ROWS = "replay.segment.rows";
    static final String META_FIRST_KEY = "replay.segment.first_key";
    static final String META_LAST_KEY = "replay.segment.last_key";
    static final String META_CHECKSUM = "replay.segment.checksum";
    /** The format this version writes. */
    static final String FORMAT_VERSION = "2";
    /** The first format: no {@code metadata} column, a checksum without metadata. */
    static final String FORMAT_VERSION_1 = "1";
    /** The id of the store that wrote the segment ({@link ArchiveStoreId}); absent in older segments and exports. */
    static final String META_STORE = "replay.segment.store";
    /**
     * The partition buckets of the segment's aggregates, {@code first-last} ({@link
     * dev.replay.readers.BucketRange}); a segment without it holds every bucket.
     */
    static final String META_BUCKETS = "replay.segment.buckets";

    private SegmentSchema() {
    }
}
