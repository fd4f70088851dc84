package dev.replay.writers;

import java.time.ZoneOffset;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/** Records events a projection could not apply in {@code replay_dead_letter}, in the caller's transaction. */
final class DeadLetters {

    private static final String INSERT = "insert into replay_dead_letter (event_id, projection, event_type,"
            + " aggregate_type, aggregate_id, version, payload, error) values (?, ?, ?, ?, ?, ?, ?, ?)"
            + " on conflict (event_id, projection) do nothing";

    private DeadLetters() {
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

    /** Deletes the dead letters recorded before {@code cutoff}; returns how many. */
    static int deleteFailedBefore(JdbcTemplate jdbc, Instant cutoff) {
        return jdbc.update("delete from replay_dead_letter where failed_at < ?", cutoff.atOffset(ZoneOffset.UTC));
    }
}
