package dev.replay.readers;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
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
 * <p>Memory stays bounded: the page being consumed, {@link #DEPTH} fetched ahead and one in the
 * making. The thread keeps fetching while the caller is busy elsewhere (a
 * chunk's commit, a projection writing its fold), so PostgreSQL is not left idle then.
 *
 * <p>Thread-safety: {@link #next} and {@link #close} are called from one thread; connections
 * are used only by the background thread {@code <name>-prefetch}, a daemon.
 */
final class PrefetchingEventPages implements EventPages {

    private static final Logger log = LoggerFactory.getLogger(PrefetchingEventPages.class);
    private static final long CLOSE_TIMEOUT_SECONDS = 30;
    private static final long IDLE_SECONDS = 10;
    /** Pages fetched ahead of the one being consumed, at most. */
    private static final int DEPTH = 1;

    private final StringPool pool = new StringPool(); // used by the one thread that maps rows
    private final String name;
    private final EventPageQuery query;
    private final JdbcTemplate jdbc;
    private final ThreadPoolExecutor executor;

    // the pages of the current run of fetches, in order; a failure ends a run as its last "page"
    private BlockingQueue<Page> ahead;
    private Future<?> fetching;
    private EventKey expected; // the position the next page of the current run starts after
    private volatile PreparedStatement running; // set by the background thread while it queries

    /** One fetched page, or the failure that ended a run of fetches. */
    private record Page(EventKey after, List<Event> events, Throwable failure) {
    }

    /** Starts fetching the pages after {@code start} at once. */
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
        start(start);
    }

    @Override
    public List<Event> next(EventKey after) {
        if (ahead == null || !Objects.equals(expected, after)) {
            cancelInFlight();
            start(after);
        }
        Page page = take(after);
        if (page.failure() != null) {
            ahead = null; // the run has ended: a retry starts a new one from the same position
            rethrow(page.failure(), after);
        }
        List<Event> events = page.events();
        expected = events.size() == query.pageSize() ? events.get(events.size() - 1).key() : null;
        if (expected == null) {
            ahead = null; // the last page: nothing more is fetched
        }
        return events;
    }

    /**
     * Starts a run of fetches on the background thread: page after page, each after the last key
     * of the one before, until a short page or a failure, never more than {@link #DEPTH} pages
     * ahead of the caller. A run started anew gets a queue of its own, so a cancelled run's late
     * page is never taken.
     */
    private void start(EventKey after) {
        BlockingQueue<Page> pages = new ArrayBlockingQueue<>(DEPTH);
        ahead = pages;
        expected = after;
        fetching = executor.submit(() -> {
            EventKey position = after;
            while (!Thread.currentThread().isInterrupted()) {
                Page page;
                try {
                    page = new Page(position, fetch(position), null);
                } catch (Throwable failure) {
                    page = new Page(position, null, failure);
                }
                try {
                    pages.put(page);
                } catch (InterruptedException e) {
                    return; // cancelled while the caller was behind
                }
                if (page.failure() != null || page.events().size() < query.pageSize()) {
                    return;
                }
                position = page.events().get(page.events().size() - 1).key();
            }
        });
    }

    private Page take(EventKey after) {
        try {
            return ahead.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancelInFlight();
            throw new ItemStreamException("Reader [" + name + "] was interrupted waiting for events after " + after, e);
        }
    }

    private void rethrow(Throwable failure, EventKey after) {
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        throw new ItemStreamException("Reader [" + name + "] failed to read events after " + after, failure);
    }

    // on the background thread: a connection borrowed per page, so an abandoned reader holds none
    private List<Event> fetch(EventKey after) {
        try {
            return jdbc.execute((ConnectionCallback<List<Event>>) connection -> {
                connection.setAutoCommit(true);
                connection.setReadOnly(true); // the pool restores both when the connection returns
                return query.page(connection, after, pool, statement -> running = statement);
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
        Future<?> run = fetching;
        fetching = null;
        ahead = null;
        if (run == null || run.isDone()) {
            return;
        }
        run.cancel(true); // interrupts a run blocked on a full queue
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
