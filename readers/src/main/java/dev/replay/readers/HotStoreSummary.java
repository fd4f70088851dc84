package dev.replay.readers;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the hot store holds: events, aggregates, the time range and events per type.
 *
 * @param eventsByType events per event type, sorted by type
 */
public record HotStoreSummary(long events, long aggregates, Instant first, Instant last,
                              Map<String, Long> eventsByType, long tableBytes) {

    /** Reads the summary with two aggregate queries; cost grows with the table, use it for reports. */
    public static HotStoreSummary read(DataSource dataSource) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        Map<String, Long> byType = new TreeMap<>();
        jdbc.query("select event_type, count(*) from events group by event_type",
                rs -> {
                    byType.put(rs.getString(1), rs.getLong(2));
                });
        return jdbc.queryForObject("""
                select count(*), count(distinct (aggregate_type, aggregate_id)), min(occurred_at), max(occurred_at),
                       pg_total_relation_size('events')
                  from events
                """, (rs, n) -> new HotStoreSummary(rs.getLong(1), rs.getLong(2),
                rs.getTimestamp(3) == null ? null : rs.getTimestamp(3).toInstant(),
                rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant(),
                byType, rs.getLong(5)));
    }
}
