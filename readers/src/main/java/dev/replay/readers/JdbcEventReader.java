package dev.replay.readers;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads the hot store's events in replay order (occurred_at, version, event_id), page by page
 * with a keyset query, bounded by a {@link HighWaterMark} and narrowed by an {@link EventFilter}.
 *
 * <p>Bound: the mark given at construction, else the one saved by an earlier execution, else one
 * captured at {@link #open} on the same DataSource. A restart with a mark other than the saved
 * one fails, since the two runs would not read the same events.
 *
 * <p>Restart: a named {@code ItemStream}. {@link #update} saves {@code <name>.start.after}, the key
 * of the last event {@link #read} returned, and {@code <name>.high.water.mark}; {@link #open} with
 * them continues strictly after that key, so a restarted run reads each event exactly once
 * across both executions. Only one page is buffered; nothing of it is saved.
 *
 * <p>Versions: unless disabled, every event passes a {@link VersionContinuityCheck} before it is
 * returned, and {@code read()} throws {@link VersionContinuityException} on a gap or regression.
 * The check requires version 1 of unseen aggregates only when the reader starts at the beginning
 * of history: not after a restart, not in a catch-up run, not with a lower time bound, not when
 * the hot store's history is incomplete. With an event-type filter versions skip by design and
 * the check is off.
 *
 * <p>Not thread-safe, like {@code JdbcPagingItemReader}: one reader serves one step thread.
 * Build it with {@link dev.replay.readers.builder.JdbcEventReaderBuilder}.
 */
public class JdbcEventReader implements ItemStreamReader<Event> {

    public static final String START_AFTER = "start.after";
    public static final String HIGH_WATER_MARK = "high.water.mark";
    public static final int DEFAULT_PAGE_SIZE = 5000;

    private static final Logger log = LoggerFactory.getLogger(JdbcEventReader.class);

    private final String name;
    private final DataSource dataSource;
    private final HighWaterMark configuredMark;
    private final EventFilter filter;
    private final int pageSize;
    private final int versionCheckCapacity;
    private final boolean historyComplete;
    private final JdbcTemplate jdbc;
    private final List<Event> page;

    private boolean open;
    private HighWaterMark mark;
    private EventPageQuery query;
    private VersionContinuityCheck versionCheck;
    private EventKey fetchedUpTo;
    private EventKey lastEmitted;
    private boolean lastPage;
    private int next;
    private long count;

    /**
     * @param highWaterMark the run's bound, or null to take the saved one or capture one at open
     * @param versionCheckCapacity aggregates the version check tracks at once; 0 turns it off
     * @param historyComplete whether the hot store still holds every aggregate from version 1
     */
    public JdbcEventReader(String name, DataSource dataSource, HighWaterMark highWaterMark, EventFilter filter,
                           int pageSize, int versionCheckCapacity, boolean historyComplete) {
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
        this.configuredMark = highWaterMark;
        this.filter = Objects.requireNonNull(filter, "filter");
        this.pageSize = pageSize;
        this.versionCheckCapacity = versionCheckCapacity;
        this.historyComplete = historyComplete;
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setFetchSize(pageSize);
        this.page = new ArrayList<>(Math.min(pageSize, 65_536));
    }

    @Override
    public void open(ExecutionContext context) throws ItemStreamException {
        if (open) {
            throw new IllegalStateException("Reader [" + name + "] is already open");
        }
        mark = restoredMark(context);
        fetchedUpTo = restoredPosition(context);
        lastEmitted = fetchedUpTo;
        query = new EventPageQuery(filter, mark, pageSize);
        versionCheck = newVersionCheck(fetchedUpTo != null);
        page.clear();
        next = 0;
        count = 0;
        lastPage = false;
        open = true;
        log.info("Reader [{}]. Opened, bound by high-water mark {}, {}", name, mark,
                fetchedUpTo == null ? "from the start" : "restarting after " + fetchedUpTo);
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
        lastEmitted = event.key();
        return event;
    }

    @Override
    public void update(ExecutionContext context) throws ItemStreamException {
        if (!open) {
            return;
        }
        context.putString(key(HIGH_WATER_MARK), mark.toString());
        if (lastEmitted != null) {
            context.putString(key(START_AFTER), lastEmitted.toString());
        }
    }

    @Override
    public void close() throws ItemStreamException {
        if (open) {
            log.info("Reader [{}]. Closed after {} events, last {}", name, count, lastEmitted);
        }
        open = false;
        page.clear();
        versionCheck = null; // its table can be tens of MB
    }

    /** The ExecutionContext key of this reader's restart state {@code key}. */
    public String key(String key) {
        return name + "." + key;
    }

    private int fetchPage() {
        page.clear();
        next = 0;
        jdbc.query(connection -> query.prepare(connection, fetchedUpTo), row -> {
            page.add(EventPageQuery.map(row));
        });
        lastPage = page.size() < pageSize;
        if (!page.isEmpty()) {
            fetchedUpTo = page.get(page.size() - 1).key();
        }
        log.debug("Reader [{}]. Fetched {} events up to {}", name, page.size(), fetchedUpTo);
        return page.size();
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

    private VersionContinuityCheck newVersionCheck(boolean restarted) {
        if (versionCheckCapacity == 0 || !filter.keepsEveryVersion()) {
            return null;
        }
        boolean fromFirstVersion = historyComplete && filter.startsAtFirstVersion() && !mark.isCatchUp() && !restarted;
        return fromFirstVersion
                ? VersionContinuityCheck.fromFirstVersion(name, versionCheckCapacity)
                : VersionContinuityCheck.fromBaseline(name, versionCheckCapacity);
    }
}
