package dev.replay.readers;

import java.util.List;

/**
 * Where {@link JdbcEventReader} gets its pages of events in replay order: on the caller's
 * thread ({@link DirectEventPages}) or fetched ahead on a background one
 * ({@link PrefetchingEventPages}).
 *
 * <p>Called from one thread only.
 */
interface EventPages extends AutoCloseable {

    /**
     * The page strictly after {@code after} (the first page when null); a page shorter than the
     * page size is the last.
     *
     * @throws org.springframework.dao.DataAccessException when the query fails
     */
    List<Event> next(EventKey after);

    /** Stops any work in flight and releases what the pages hold; the pages are unusable after. */
    @Override
    void close();
}
