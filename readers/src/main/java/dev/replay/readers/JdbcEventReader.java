package dev.replay.readers;

import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.dao.DataAccessException;

/**
 * Reads the hot store's events in replay order (occurred_at, version, event_id), page by page
 * with a keyset query, bounded by a {@link HighWaterMark} and narrowed by an {@link EventFilter}.
 *
 * <p>Bound: the mark given at construction, else the one saved by an earlier execution, else one
 * captured at {@link #open} on the same DataSource. A restart with a mark other than the saved
 * one fails, since the two runs would not read the same events.
 *
 * <p>Restart: a named {@code ItemStream}. {@link #update} saves {@code <name>.start.after}, the key
 * of the last event {@link #read} returned (held back by a writer through {@link #checkpoint()}, see
 * {@link CheckpointHandoff}), and {@code <name>.high.water.mark}; {@link #open} with
 * them continues strictly after that key, so a restarted run reads each event exactly once
 * across both executions. Without prefetch one page is held; with it up to three (the one being
 * returned, one queued, one being fetched); nothing of them is saved, so a page fetched but not
 * yet returned is read again after a restart.
 *
 * <p>Prefetch (on by default): while the caller consumes a page, the next one is fetched on a
 * daemon thread {@code <name>-prefetch} with a connection of its own from the DataSource,
 * autocommit and read-only, borrowed for each page (one extra pooled connection per open reader
 * at most; a partition's page by bucket runs in a read-only transaction of its own, see
 * {@link EventPageQuery}). That is safe outside the step's transaction because every row
 * below the high-water mark was committed before the run began and events are immutable: any
 * snapshot returns the same pages. Without prefetch, pages are fetched on the caller's thread and
 * connection (inside a chunk step, its transaction). {@link #close} cancels a fetch in flight
 * and releases the connection.
 *
 * <p>Failures: a failed page query surfaces from {@code read()} as a {@link DataAccessException}
 * of the same family as the cause (transient, recoverable or not), named
 * {@code "Failed to read events after <key>"} with the reader, and the cause kept. A later
 * {@code read()} retries the same page.
 *
 * <p>Versions: unless disabled, every event passes a {@link VersionContinuityCheck} before it is
 * returned, and {@code read()} throws {@link VersionContinuityException} on a gap or regression.
 * The check requires version 1 of unseen aggregates when the reader covers history from its
 * beginning: not in a catch-up run, not with a lower time bound, not when the hot store's history
 * is incomplete. Restarted over such a history, {@link #open} first pages through the events up to
 * the restart position once more (on the caller's connection) through the check alone, so a gap
 * whose earlier versions precede the restart position fails the restarted run as it failed the first. With an event-type filter versions skip by design and
 * the check is off.
 *
 * <p>Not thread-safe, like {@code JdbcPagingItemReader}: one reader serves one step thread, which
 * makes every call; the prefetch thread is internal.
 * Build it with {@link dev.replay.readers.builder.JdbcEventReaderBuilder}.
 */
public class JdbcEventReader implements ItemStreamReader<Event> {

    public static final String START_AFTER = "start.after";
    public static final String HIGH_WATER_MARK = "high.water.mark";
    public static final int DEFAULT_PAGE_SIZE = 5000;

    private static final Logger log = LoggerFactory.getLogger(JdbcEventReader.class);

    private final String name;
    private final DataSource dataSource;
    private final HotStoreTable table;
    private final HighWaterMark configuredMark;
    private final EventFilter filter;
    private final int pageSize;
    private final int versionCheckCapacity;
    private final boolean historyComplete;
    private final boolean prefetch;
    private final CheckpointHandoff checkpoint = new CheckpointHandoff();

    private boolean open;
    private HighWaterMark mark;
    private EventPageQuery query;
    private VersionContinuityCheck versionCheck;
    private EventPages pages;
    private List<Event> page = List.of();
    private EventKey fetchedUpTo;
    private EventKey restoredPosition;
    private Event lastEmitted; // its key is built only when saved
    private boolean lastPage;
    private int next;
    private long count;

    /**
     * @param highWaterMark the run's bound, or null to take the saved one or capture one at open
     * @param versionCheckCapacity aggregates the version check tracks at once; 0 turns it off
     * @param historyComplete whether the hot store still holds every aggregate from version 1
     * @param prefetch whether the next page is fetched in the background on a connection of its own
     */
    public JdbcEventReader(String name, DataSource dataSource, HighWaterMark highWaterMark, EventFilter filter,
                           int pageSize, int versionCheckCapacity, boolean historyComplete, boolean prefetch) {
        this(name, dataSource, HotStoreTable.DEFAULT, highWaterMark, filter, pageSize, versionCheckCapacity,
                historyComplete, prefetch);
    }

    /** A reader of a mapped hot store {@code table}; see the other constructor for the rest. */
    public JdbcEventReader(String name, DataSource dataSource, HotStoreTable table, HighWaterMark highWaterMark,
                           EventFilter filter, int pageSize, int versionCheckCapacity, boolean historyComplete,
                           boolean prefetch) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank, was '" + name + "'");
        }
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be positive, was " + pageSize);
        }
        if (versionCheckCapacity < 0) {
            throw new IllegalArgumentException("versionCheckCapacity must be 0 (off) or positive, was "
                    + versionCheckCapacity);
        }
        this.name = name;
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.table = Objects.requireNonNull(table, "table");
        this.configuredMark = highWaterMark;
        this.filter = Objects.requireNonNull(filter, "filter");
        this.pageSize = pageSize;
        this.versionCheckCapacity = versionCheckCapacity;
        this.historyComplete = historyComplete;
        this.prefetch = prefetch;
    }

    @Override
    public void open(ExecutionContext context) throws ItemStreamException {
        if (open) {
            throw new IllegalStateException("Reader [" + name + "] is already open");
        }
        mark = restoredMark(context);
        restoredPosition = restoredPosition(context);
        fetchedUpTo = restoredPosition;
        lastEmitted = null;
        query = new EventPageQuery(table, filter, mark, pageSize, bucketIndexed());
        // a complete history checked from version 1 sees its prefix again, so a gap fails every attempt
        boolean recheck = restoredPosition != null && checksFromFirstVersion();
        versionCheck = newVersionCheck(restoredPosition != null && !recheck);
        page = List.of();
        next = 0;
        count = 0;
        lastPage = false;
        pages = prefetch ? new PrefetchingEventPages(name, query, dataSource, fetchedUpTo)
                : new DirectEventPages(query, dataSource);
        open = true;
        log.info("Reader [{}]. Opened, bound by high-water mark {}, {}{}", name, mark,
                fetchedUpTo == null ? "from the start" : "restarting after " + fetchedUpTo,
                prefetch ? ", prefetching" : "");
        if (recheck) {
            recheckVersionsUpTo(restoredPosition);
        }
    }

    /**
     * Passes every event up to and including {@code position} (same query: filter, mark) through
     * the version check only, as an uninterrupted run would have; nothing is returned.
     */
    private void recheckVersionsUpTo(EventKey position) {
        log.info("Reader [{}]. Re-checking versions of the events before the restart position {}", name, position);
        long events = 0;
        try (EventPages prefix = new DirectEventPages(query, dataSource)) {
            EventKey after = null;
            for (List<Event> page = prefix.next(null); !page.isEmpty(); page = prefix.next(after)) {
                for (Event event : page) {
                    if (position.compareTo(event) < 0) {
                        page = List.of();
                        break;
                    }
                    versionCheck.check(event);
                    events++;
                }
                if (page.size() < pageSize) {
                    break;
                }
                after = page.get(page.size() - 1).key();
            }
        } catch (DataAccessException e) {
            throw EventReadFailures.wrap(name, null, e);
        }
        log.info("Reader [{}]. Re-checked versions of {} events before the restart position", name, events);
    }

    @Override
    public Event read() {
        if (!open) {
            throw new IllegalStateException("Reader [" + name + "] is not open; call open(ExecutionContext) first");
        }
        if (next == page.size()) {
            if (lastPage || fetchPage() == 0) {
                return null;
            }
        }
        Event event = page.get(next);
        if (versionCheck != null) {
            versionCheck.check(event); // before the event counts as read, so a retry fails again
        }
        next++;
        count++;
        lastEmitted = event;
        return event;
    }

    @Override
    public void update(ExecutionContext context) throws ItemStreamException {
        if (!open) {
            return;
        }
        context.putString(key(HIGH_WATER_MARK), mark.toString());
        EventKey position = checkpoint.position(lastEmitted != null ? lastEmitted.key() : null, restoredPosition);
        if (position != null) {
            context.putString(key(START_AFTER), position.toString());
        } else {
            context.remove(key(START_AFTER));
        }
    }

    /** The hand-off through which a writer that holds effects in memory holds back this reader's checkpoint. */
    public CheckpointHandoff checkpoint() {
        return checkpoint;
    }

    @Override
    public void close() throws ItemStreamException {
        if (pages != null) {
            pages.close();
            pages = null;
        }
        if (open) {
            log.info("Reader [{}]. Closed after {} events, last {}", name, count,
                    lastEmitted != null ? lastEmitted.key() : restoredPosition == null ? "none" : restoredPosition);
        }
        open = false;
        page = List.of();
        versionCheck = null; // its table can be tens of MB
    }

    /** The ExecutionContext key of this reader's restart state {@code key}. */
    public String key(String key) {
        return name + "." + key;
    }

    private int fetchPage() {
        try {
            page = pages.next(fetchedUpTo);
        } catch (DataAccessException e) {
            throw EventReadFailures.wrap(name, fetchedUpTo, e);
        }
        next = 0;
        lastPage = page.size() < pageSize;
        if (!page.isEmpty()) {
            fetchedUpTo = page.get(page.size() - 1).key();
        }
        log.debug("Reader [{}]. Fetched {} events up to {}", name, page.size(), fetchedUpTo);
        return page.size();
    }

    /**
     * Whether this reader's partition reads by bucket: a partition of the range scheme on a table with
     * a valid bucket index (a table adopted before the index existed filters the partition instead,
     * until {@code adopt} runs again).
     */
    private boolean bucketIndexed() {
        if (!PartitionBuckets.apply(filter.partition())) {
            return false;
        }
        boolean indexed = Boolean.TRUE.equals(new HotStoreSchema(dataSource, table).indexValid(table.partitionBucketIndexName()));
        log.info("Reader [{}]. Partition {} reads {}", name, filter.partition(), indexed
                ? "its buckets of " + table.partitionBucketIndexName()
                : "the replay-order index, filtered (no valid " + table.partitionBucketIndexName()
                        + (table.isDefault() ? ")" : ": run adopt)"));
        return indexed;
    }

    private HighWaterMark restoredMark(ExecutionContext context) {
        if (!context.containsKey(key(HIGH_WATER_MARK))) {
            return configuredMark != null ? configuredMark : new JdbcHighWaterMarks(dataSource).fullReplay();
        }
        HighWaterMark saved = parse(context, HIGH_WATER_MARK, HighWaterMark::parse);
        if (configuredMark != null && !configuredMark.equals(saved)) {
            throw new IllegalStateException("Reader [" + name + "] was started with high-water mark " + saved
                    + " and cannot restart with another, " + configuredMark);
        }
        return saved;
    }

    private EventKey restoredPosition(ExecutionContext context) {
        return context.containsKey(key(START_AFTER)) ? parse(context, START_AFTER, EventKey::parse) : null;
    }

    private <T> T parse(ExecutionContext context, String key, java.util.function.Function<String, T> parser) {
        String text = context.getString(key(key));
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            throw new ItemStreamException("Reader [" + name + "] cannot restart from " + key(key) + "=" + text, e);
        }
    }

    private boolean checksFromFirstVersion() {
        return versionCheckCapacity > 0 && filter.keepsEveryVersion() && historyComplete && filter.startsAtFirstVersion()
                && !mark.isCatchUp();
    }

    private VersionContinuityCheck newVersionCheck(boolean restarted) {
        if (versionCheckCapacity == 0 || !filter.keepsEveryVersion()) {
            return null;
        }
        boolean fromFirstVersion = checksFromFirstVersion() && !restarted;
        return fromFirstVersion
                ? VersionContinuityCheck.fromFirstVersion(name, versionCheckCapacity)
                : VersionContinuityCheck.fromBaseline(name, versionCheckCapacity);
    }
}
