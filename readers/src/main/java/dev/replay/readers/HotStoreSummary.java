package dev.replay.readers;

import java.time.Instant;
import java.util.Map;
import javax.sql.DataSource;

/**
 * What the hot store holds: events, aggregates, the time range and events per type.
 *
 * @param eventsByType events per event type, sorted by type
 */
public record HotStoreSummary(long events, long aggregates, Instant first, Instant last,
                              Map<String, Long> eventsByType, long tableBytes) {

    /** Reads the summary of the default table; see {@link HotStore#summary()}. */
    public static HotStoreSummary read(DataSource dataSource) {
        return HotStore.of(dataSource).summary();
    }
}
