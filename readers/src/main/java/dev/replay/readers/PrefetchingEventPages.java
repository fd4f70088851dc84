package dev.replay.readers;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Fetches the next page on a background thread while the caller consumes the current one, so a
 * chunk step's reading overlaps its writing.
 *
 * <p>Why reading outside the step's transaction is safe: the reader only sees rows below its
 * high-water mark, whose transactions have all finished, and events are never updated, so any
 * snapshot, on any connection, returns the same rows in the same order. Each page query runs on
 * a connection of its own, borrowed from the DataSource for that query (one extra pooled
 * connection per reader while a fetch runs), in autocommit and read-only.
 *
 * <p>Memory stays bounded: the page being consumed plus at most one in flight. The next page is
 * requested only when the caller takes a full one.
 *
 * <p>Thread-safety: {@link #next} and {@link #close} are called from one thread; connections
 * are used only by the background thread {@code <name>-prefetch}, a daemon.
 */
final class PrefetchingEventPages implements EventPages {

    private static final Logger log = LoggerFactory.getLogger(PrefetchingEventPages.class);
    private static final long CLOSE_TIMEOUT_SECONDS = 30;
    private static final long IDLE_SECONDS = 10;

    private final StringPool pool = new StringPool(); // used by the one thread that maps rows
    private final String name;
    private final EventPageQuery query;
    private final JdbcTemplate jdbc;
    private final ThreadPoolExecutor executor;

    private Future<List<Event>> inFlight;
    private EventKey inFlightAfter;
    private volatile PreparedStatement running; // set by the background thread while it queries

    /** Starts fetching the page after {@code start} at once. */
    PrefetchingEventPages(String name, EventPageQuery query, DataSource dataSource, EventKey start) {
        this.name = name;
        this.query = query;
        this.jdbc = new JdbcTemplate(dataSource);
        this.executor = new ThreadPoolExecutor(1, 1, IDLE_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread thread = new Thread(task, name + "-prefetch");
            thread.setDaemon(true);
            return thread;
        });
        this.executor.allowCoreThreadTimeOut(true); // a reader never closed leaves no thread behind
        submit(start);
    }

    @Override
    public List<Event> next(EventKey after) {
        if (inFlight == null || !Objects.equals(inFlightAfter, after)) {
            cancelInFlight();
            submit(after);
        }
        Future<List<Event>> page = inFlight;
        inFlight = null;
        List<Event> events = await(page, after);
        if (events.size() == query.pageSize()) {
            submit(events.get(events.size() - 1).key());
        }
        return events;
    }

    private void submit(EventKey after) {
        inFlightAfter = after;
        inFlight = executor.submit(() -> fetch(after));
    }

    private List<Event> await(Future<List<Event>> page, EventKey after) {
        try {
            return page.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new ItemStreamException("Reader [" + name + "] failed to read events after " + after, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            page.cancel(true);
            throw new ItemStreamException("Reader [" + name + "] was interrupted waiting for events after " + after, e);
        } catch (CancellationException e) {
            throw new IllegalStateException("Reader [" + name + "] is closed", e);
        }
    }

    // on the background thread: a connection borrowed per page, so an abandoned reader holds none
    private List<Event> fetch(EventKey after) {
        try {
            return jdbc.execute((ConnectionCallback<List<Event>>) connection -> {
                connection.setAutoCommit(true);
                connection.setReadOnly(true); // the pool restores both when the connection returns
                List<Event> page = new ArrayList<>(Math.min(query.pageSize(), 65_536));
                try (PreparedStatement statement = query.prepare(connection, after)) {
                    running = statement;
                    try (ResultSet rows = statement.executeQuery()) {
                        while (rows.next()) {
                            page.add(EventPageQuery.map(rows, pool));
                        }
                    }
                }
                return page;
            });
        } finally {
            running = null;
        }
    }

    /**
     * Cancels the fetch in flight (its query too) and stops the thread, which returns its
     * connection to the pool; waits up to 30 s for a query that ignores the cancel.
     */
    @Override
    public void close() {
        cancelInFlight();
        executor.shutdown();
        try {
            if (!executor.awaitTermination(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                log.warn("Reader [{}]. Prefetch thread still busy after {} s; abandoning it", name, CLOSE_TIMEOUT_SECONDS);
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }

    private void cancelInFlight() {
        Future<List<Event>> page = inFlight;
        inFlight = null;
        if (page == null || page.isDone()) {
            return;
        }
        page.cancel(false);
        PreparedStatement statement = running;
        if (statement != null) {
            try {
                statement.cancel(); // pgjdbc cancels only while this statement executes
            } catch (SQLException e) {
                log.debug("Reader [{}]. Failed to cancel the page query: {}", name, e.getMessage());
            }
        }
    }
}
