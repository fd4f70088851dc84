package dev.replay.writers;

import java.time.Instant;
import java.util.Objects;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The retention side of {@code replay_dead_letter}, for the {@code purge} job: deletes dead
 * letters older than a cutoff, in the caller's transaction on the DataSource, if any. Idempotent.
 * Thread-safe.
 */
public class DeadLetterRetention {

    private final JdbcTemplate jdbc;

    public DeadLetterRetention(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(Objects.requireNonNull(dataSource, "dataSource"));
    }

    /** Deletes the dead letters whose {@code failed_at} is before {@code cutoff}; returns how many. */
    public int deleteFailedBefore(Instant cutoff) {
        return DeadLetters.deleteFailedBefore(jdbc, Objects.requireNonNull(cutoff, "cutoff"));
    }
}
