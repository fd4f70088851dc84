package dev.replay.writers;

import java.time.ZoneOffset;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * The events projections could not apply, in {@code replay_dead_letter}: the writer records them in
 * the caller's transaction ({@link #record}); status reports read them through an instance (counts
 * per projection, the newest letters). Thread-safe.
 */
public final class DeadLetters {

    private static final String INSERT = "insert into replay_dead_letter (event_id, projection, event_type,"
            + " aggregate_type, aggregate_id, version, payload, error) values (?, ?, ?, ?, ?, ?, ?, ?)"
            + " on conflict (event_id, projection) do nothing";

    private final JdbcTemplate jdbc;

    public DeadLetters(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(Objects.requireNonNull(dataSource, "dataSource"));
    }

    static void record(JdbcTemplate jdbc, String projection, List<InvalidEventException> failures) {
        jdbc.batchUpdate(INSERT, failures, failures.size(), (statement, failure) -> {
            var event = failure.event();
            statement.setObject(1, event.eventId());
            statement.setString(2, projection);
            statement.setString(3, event.eventType());
            statement.setString(4, event.aggregateType());
            statement.setString(5, event.aggregateId());
            statement.setLong(6, event.version());
            statement.setString(7, event.payload());
            statement.setString(8, failure.getMessage());
        });
    }

    /** How many events each projection dead-lettered, by projection; projections without any left out. */
    public Map<String, Long> countByProjection() {
        Map<String, Long> counts = new TreeMap<>();
        jdbc.query("select projection, count(*) from replay_dead_letter group by projection",
                (RowCallbackHandler) rs -> counts.put(rs.getString(1), rs.getLong(2)));
        return counts;
    }

    /**
     * The newest {@code limit} dead letters, of one projection or of all when {@code projection} is null;
     * letters of one moment by aggregate and version.
     */
    public List<DeadLetter> newest(String projection, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, was " + limit);
        }
        return jdbc.query("select event_id, projection, event_type, aggregate_type, aggregate_id, version, error, failed_at"
                + " from replay_dead_letter where (cast(? as text) is null or projection = ?)"
                + " order by failed_at desc, projection, aggregate_type, aggregate_id, version limit ?",
                (rs, n) -> new DeadLetter(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getLong(6), rs.getString(7), rs.getTimestamp(8).toInstant()),
                projection, projection, limit);
    }

    /** Deletes the dead letters recorded before {@code cutoff}; returns how many. */
    static int deleteFailedBefore(JdbcTemplate jdbc, Instant cutoff) {
        return jdbc.update("delete from replay_dead_letter where failed_at < ?", cutoff.atOffset(ZoneOffset.UTC));
    }
}
