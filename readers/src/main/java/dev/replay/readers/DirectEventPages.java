package dev.replay.readers;

import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Fetches each page when asked, on the caller's thread and connection: inside a chunk step that
 * is the step's transaction, so reading and writing alternate. Not thread-safe.
 */
final class DirectEventPages implements EventPages {

    private final StringPool pool = new StringPool(); // used by the one thread that maps rows
    private final EventPageQuery query;
    private final JdbcTemplate jdbc;

    DirectEventPages(EventPageQuery query, DataSource dataSource) {
        this.query = query;
        this.jdbc = new JdbcTemplate(dataSource);
    }

    @Override
    public List<Event> next(EventKey after) {
        return jdbc.execute((ConnectionCallback<List<Event>>) connection -> query.page(connection, after, pool, statement -> {
        }));
    }

    @Override
    public void close() {
        // nothing held between pages
    }
}
