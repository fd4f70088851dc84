package dev.replay.readers.builder;

import dev.replay.readers.AggregatePartition;
import dev.replay.readers.EventFilter;
import dev.replay.readers.HighWaterMark;
import dev.replay.readers.HotStore;
import dev.replay.readers.HotStoreTable;
import dev.replay.readers.JdbcEventReader;
import dev.replay.readers.VersionContinuityCheck;
import java.time.Instant;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Builds a {@link JdbcEventReader}. {@code name} and {@code dataSource} are required; everything
 * else has a default: page size {@value JdbcEventReader#DEFAULT_PAGE_SIZE}, no filter, the
 * version check on with {@value VersionContinuityCheck#DEFAULT_CAPACITY} aggregates, a complete
 * history, prefetch on, and a high-water mark taken from saved state or captured at open. Values are
 * validated by {@link #build()}, with messages naming the field and the value.
 *
 * <p>Not thread-safe; a builder is used by one thread and may build several readers.
 */
public class JdbcEventReaderBuilder {

    private String name;
    private DataSource dataSource;
    private HotStoreTable table = HotStoreTable.DEFAULT;
    private HighWaterMark highWaterMark;
    private Instant from;
    private Instant to;
    private Set<String> aggregateTypes = Set.of();
    private Set<String> eventTypes = Set.of();
    private Set<String> aggregateIds = Set.of();
    private AggregatePartition partition = AggregatePartition.NONE;
    private int pageSize = JdbcEventReader.DEFAULT_PAGE_SIZE;
    private boolean versionCheck = true;
    private int versionCheckCapacity = VersionContinuityCheck.DEFAULT_CAPACITY;
    private boolean historyComplete = true;
    private boolean prefetch = true;

    /** The stream's name, the prefix of its ExecutionContext keys. */
    public JdbcEventReaderBuilder name(String name) {
        this.name = name;
        return this;
    }

    /** The hot store; a high-water mark must come from the same database. */
    public JdbcEventReaderBuilder dataSource(DataSource dataSource) {
        this.dataSource = dataSource;
        return this;
    }

    /** The hot store: its DataSource and its table. */
    public JdbcEventReaderBuilder hotStore(HotStore hotStore) {
        this.dataSource = hotStore.dataSource();
        this.table = hotStore.table();
        return this;
    }

    /** The hot store's table and column names; {@link HotStoreTable#DEFAULT} unless mapped. */
    public JdbcEventReaderBuilder table(HotStoreTable table) {
        this.table = java.util.Objects.requireNonNull(table, "table");
        return this;
    }

    /** The run's bound, usually a job parameter; without one it is captured at open. */
    public JdbcEventReaderBuilder highWaterMark(HighWaterMark highWaterMark) {
        this.highWaterMark = highWaterMark;
        return this;
    }

    /** Events that occurred at or after {@code from} (inclusive). */
    public JdbcEventReaderBuilder from(Instant from) {
        this.from = from;
        return this;
    }

    /** Events that occurred before {@code to} (exclusive). */
    public JdbcEventReaderBuilder to(Instant to) {
        this.to = to;
        return this;
    }

    /** Only these aggregate types; none given means all. */
    public JdbcEventReaderBuilder aggregateTypes(String... aggregateTypes) {
        this.aggregateTypes = Set.of(aggregateTypes);
        return this;
    }

    /** Only these event types; none given means all. Turns the version check off. */
    public JdbcEventReaderBuilder eventTypes(String... eventTypes) {
        this.eventTypes = Set.of(eventTypes);
        return this;
    }

    /** Only these aggregate ids; none given means all. */
    public JdbcEventReaderBuilder aggregateIds(String... aggregateIds) {
        this.aggregateIds = Set.of(aggregateIds);
        return this;
    }

    /** Only the aggregates of one partition; {@link AggregatePartition#NONE} (the default) reads all. */
    public JdbcEventReaderBuilder partition(AggregatePartition partition) {
        this.partition = java.util.Objects.requireNonNull(partition, "partition");
        return this;
    }

    /** Every part of {@code filter}: time range, aggregate types, event types and aggregate ids. */
    public JdbcEventReaderBuilder filter(EventFilter filter) {
        this.from = filter.from();
        this.to = filter.to();
        this.aggregateTypes = filter.aggregateTypes();
        this.eventTypes = filter.eventTypes();
        this.aggregateIds = filter.aggregateIds();
        this.partition = filter.partition();
        return this;
    }

    /** Events per query and the most held in memory. */
    public JdbcEventReaderBuilder pageSize(int pageSize) {
        this.pageSize = pageSize;
        return this;
    }

    /** Whether read() fails on a gap or regression in an aggregate's versions. */
    public JdbcEventReaderBuilder versionCheck(boolean versionCheck) {
        this.versionCheck = versionCheck;
        return this;
    }

    /** Aggregates the version check tracks at once, about 20 bytes each. */
    public JdbcEventReaderBuilder versionCheckCapacity(int versionCheckCapacity) {
        this.versionCheckCapacity = versionCheckCapacity;
        return this;
    }

    /**
     * Whether the hot store still holds every aggregate from version 1; false once old events
     * have been archived, so that an aggregate may first appear at any version.
     */
    public JdbcEventReaderBuilder historyComplete(boolean historyComplete) {
        this.historyComplete = historyComplete;
        return this;
    }

    /**
     * Whether the reader fetches the next page on a background thread, on a connection of its own,
     * while the caller consumes the current one (default on). Needs one extra pooled connection
     * per open reader; see {@link JdbcEventReader} for why reading outside the step's
     * transaction is safe.
     */
    public JdbcEventReaderBuilder prefetch(boolean prefetch) {
        this.prefetch = prefetch;
        return this;
    }

    public JdbcEventReader build() {
        if (versionCheck && versionCheckCapacity < 1) {
            throw new IllegalArgumentException("versionCheckCapacity must be positive, was " + versionCheckCapacity);
        }
        EventFilter filter = new EventFilter(from, to, aggregateTypes, eventTypes, aggregateIds, partition);
        return new JdbcEventReader(name, dataSource, table, highWaterMark, filter, pageSize,
                versionCheck ? versionCheckCapacity : 0, historyComplete, prefetch);
    }
}
