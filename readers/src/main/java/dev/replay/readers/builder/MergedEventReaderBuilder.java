package dev.replay.readers.builder;

import dev.replay.readers.AggregatePartition;
import dev.replay.readers.ArchivedEvents;
import dev.replay.readers.EventFilter;
import dev.replay.readers.HighWaterMark;
import dev.replay.readers.HotStore;
import dev.replay.readers.HotStoreTable;
import dev.replay.readers.JdbcEventReader;
import dev.replay.readers.MergedEventReader;
import dev.replay.readers.ReadAheadShare;
import dev.replay.readers.VersionContinuityCheck;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Builds a {@link MergedEventReader}: the hot store's {@link JdbcEventReader} (same name, same
 * filter, its own version check off since the merge checks the whole stream) and the archive.
 * Validation happens in {@link #build()}, with messages naming the setting.
 */
public class MergedEventReaderBuilder {

    private String name;
    private DataSource dataSource;
    private HotStoreTable table = HotStoreTable.DEFAULT;
    private HighWaterMark highWaterMark;
    private EventFilter filter = EventFilter.ALL;
    private AggregatePartition partition;
    private ArchivedEvents archive = ArchivedEvents.NONE;
    private int pageSize = JdbcEventReader.DEFAULT_PAGE_SIZE;
    private int maxOpenSegments = MergedEventReader.DEFAULT_MAX_OPEN_SEGMENTS;
    private boolean versionCheck = true;
    private int versionCheckCapacity = VersionContinuityCheck.DEFAULT_CAPACITY;
    private boolean historyComplete = true;
    private boolean prefetch = true;
    private int readAheadReaders = 1;

    /** The stream's name, the prefix of its ExecutionContext keys. */
    public MergedEventReaderBuilder name(String name) {
        this.name = name;
        return this;
    }

    /** The hot store. */
    public MergedEventReaderBuilder dataSource(DataSource dataSource) {
        this.dataSource = dataSource;
        return this;
    }

    /** The hot store: its DataSource and its table. */
    public MergedEventReaderBuilder hotStore(HotStore hotStore) {
        this.dataSource = hotStore.dataSource();
        this.table = hotStore.table();
        return this;
    }

    /** The hot store's table and column names; {@link HotStoreTable#DEFAULT} unless mapped. */
    public MergedEventReaderBuilder table(HotStoreTable table) {
        this.table = java.util.Objects.requireNonNull(table, "table");
        return this;
    }

    /** The run's bound on the hot store; without one it is captured at open. */
    public MergedEventReaderBuilder highWaterMark(HighWaterMark highWaterMark) {
        this.highWaterMark = highWaterMark;
        return this;
    }

    /** Which events to read; pushed into the hot store's query and the segments' filters. */
    public MergedEventReaderBuilder filter(EventFilter filter) {
        this.filter = Objects.requireNonNull(filter, "filter");
        return this;
    }

    /**
     * Only the aggregates of one partition, in both tiers: pushed into the hot store's query, and
     * applied to each segment's events as they are decoded. Applied over {@link #filter}, in any order.
     */
    public MergedEventReaderBuilder partition(AggregatePartition partition) {
        this.partition = Objects.requireNonNull(partition, "partition");
        return this;
    }

    /** The archive to merge in; {@link ArchivedEvents#NONE} (the default) reads the hot store alone. */
    public MergedEventReaderBuilder archive(ArchivedEvents archive) {
        this.archive = Objects.requireNonNull(archive, "archive");
        return this;
    }

    /** Events per keyset page of the hot store. */
    public MergedEventReaderBuilder pageSize(int pageSize) {
        this.pageSize = pageSize;
        return this;
    }

    /** Segments open at once at most; more overlapping segments fail the read naming them. */
    public MergedEventReaderBuilder maxOpenSegments(int maxOpenSegments) {
        this.maxOpenSegments = maxOpenSegments;
        return this;
    }

    /** Whether read() fails on a gap or regression in an aggregate's versions. */
    public MergedEventReaderBuilder versionCheck(boolean versionCheck) {
        this.versionCheck = versionCheck;
        return this;
    }

    /** Aggregates the version check tracks at once, about 20 bytes each. */
    public MergedEventReaderBuilder versionCheckCapacity(int versionCheckCapacity) {
        this.versionCheckCapacity = versionCheckCapacity;
        return this;
    }

    /**
     * Whether archive and hot store together hold every aggregate from version 1 (a full replay);
     * false for a catch-up, which starts in mid-history.
     */
    public MergedEventReaderBuilder historyComplete(boolean historyComplete) {
        this.historyComplete = historyComplete;
        return this;
    }

    /** Whether the hot store's next page is fetched in the background (default on). */
    public MergedEventReaderBuilder prefetch(boolean prefetch) {
        this.prefetch = prefetch;
        return this;
    }

    /**
     * How many readers of this kind read at once in the process (the local partitions of a run);
     * this one holds ahead only its share of a single stream's read-ahead: hot pages of
     * {@code pageSize} / readers events and archived batches divided alike ({@link ReadAheadShare}).
     * Default 1, the whole of it.
     */
    public MergedEventReaderBuilder readAheadShare(int readers) {
        this.readAheadReaders = readers;
        return this;
    }

    public MergedEventReader build() {
        EventFilter filter = partition == null ? this.filter : this.filter.withPartition(partition);
        ReadAheadShare share = new ReadAheadShare(readAheadReaders);
        if (versionCheck && versionCheckCapacity < 1) {
            throw new IllegalArgumentException("versionCheckCapacity must be positive, was " + versionCheckCapacity);
        }
        JdbcEventReader hot = new JdbcEventReaderBuilder()
                .name(name)
                .dataSource(dataSource)
                .table(table)
                .highWaterMark(highWaterMark)
                .filter(filter)
                .pageSize(pageSize < 1 ? pageSize : share.of(pageSize)) // a bad size fails naming pageSize
                .versionCheck(false)
                .prefetch(prefetch)
                .build();
        return new MergedEventReader(name, hot, archive, filter, maxOpenSegments,
                versionCheck ? versionCheckCapacity : 0, historyComplete, share);
    }
}
