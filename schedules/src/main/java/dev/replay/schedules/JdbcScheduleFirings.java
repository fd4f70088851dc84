package dev.replay.schedules;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The record of schedule firings in PostgreSQL ({@code schedule_firing}, migration V9), written by
 * whichever clustered instance fired, read by the dashboard and the API. Thread-safe.
 */
public class JdbcScheduleFirings {

    private static final String COLUMNS = "schedule_name, scheduled_at, fired_at, instance_id, outcome, job_execution_id, message";
    private static final int MESSAGE_LIMIT = 2000;

    private final JdbcTemplate jdbc;

    public JdbcScheduleFirings(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    public void record(ScheduleFiring firing) {
        String message = firing.message();
        jdbc.update("insert into schedule_firing (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?)", firing.schedule(),
                Timestamp.from(firing.scheduledAt()), Timestamp.from(firing.firedAt()), firing.instanceId(),
                firing.outcome().name(), firing.jobExecutionId(),
                message == null || message.length() <= MESSAGE_LIMIT ? message : message.substring(0, MESSAGE_LIMIT));
    }

    /** The last firing of each schedule that has fired, by schedule name. */
    public Map<String, ScheduleFiring> last() {
        Map<String, ScheduleFiring> last = new LinkedHashMap<>();
        jdbc.query("select distinct on (schedule_name) " + COLUMNS + " from schedule_firing"
                + " order by schedule_name, firing_id desc", JdbcScheduleFirings::row)
                .forEach(firing -> last.put(firing.schedule(), firing));
        return last;
    }

    /** The newest {@code limit} firings of one schedule, newest first. */
    public List<ScheduleFiring> recent(String schedule, int limit) {
        return jdbc.query("select " + COLUMNS + " from schedule_firing where schedule_name = ?"
                + " order by firing_id desc limit ?", JdbcScheduleFirings::row, schedule, limit);
    }

    /** Deletes the firings that fired before {@code cutoff}, in the caller's transaction if any; returns how many. */
    public int deleteFiredBefore(Instant cutoff) {
        return jdbc.update("delete from schedule_firing where fired_at < ?", Timestamp.from(cutoff));
    }

    private static ScheduleFiring row(ResultSet rs, int n) throws SQLException {
        long execution = rs.getLong(6);
        return new ScheduleFiring(rs.getString(1), instant(rs.getTimestamp(2)), instant(rs.getTimestamp(3)),
                rs.getString(4), ScheduleFiring.Outcome.valueOf(rs.getString(5)), rs.wasNull() ? null : execution,
                rs.getString(7));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
