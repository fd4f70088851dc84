package dev.replay.archive;

import static dev.replay.archive.ArchivedEventTable.NAME;

import dev.replay.archive.IntegrityProblem.Kind;
import dev.replay.readers.HotStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The questions PostgreSQL answers over the hot store ({@link HotStore}, by its platform column names) and the archive's
 * {@link ArchivedEventTable}: events per UTC day, event ids stored twice, and per aggregate
 * whether its versions over both tiers are exactly 1..n.
 *
 * <p>Runs on the caller's connection and snapshot. Results stream ({@code fetchSize}), so a
 * problem flood does not fill the heap. Not thread-safe.
 */
final class TierComparison {

    private static final int HOT = -1;

    private final JdbcTemplate jdbc;
    private final HotStore hotStore;
    private final List<String> segmentPaths;
    private final IntegrityProblems problems;

    /**
     * @param hotStore the hot store on {@code jdbc}'s connection
     * @param segmentPaths the catalog's paths, by the index the table's {@code segment} column holds
     */
    TierComparison(JdbcTemplate jdbc, HotStore hotStore, List<String> segmentPaths, IntegrityProblems problems) {
        this.jdbc = jdbc;
        this.hotStore = hotStore;
        this.segmentPaths = segmentPaths;
        this.problems = problems;
    }

    /** Events of the hot store per UTC day of {@code occurred_at}. */
    Map<LocalDate, Long> hotEventsPerDay() {
        return hotStore.eventsPerUtcDay();
    }

    /** Event ids in two segments, or in a segment and the hot store (the hot store's own are unique). */
    void findDuplicateEvents() {
        jdbc.query("""
                select a.event_id, a.n + (e.event_id is not null)::int as n, e.event_id is not null as in_hot,
                       a.first_segment, a.last_segment
                  from (select event_id, count(*) as n, min(segment) as first_segment, max(segment) as last_segment
                          from %s group by event_id) a
                  left join %s on e.event_id = a.event_id
                 where a.n > 1 or e.event_id is not null
                 order by a.event_id
                """.formatted(NAME, hotStore.platformRelation("e")), rs -> {
                    problems.add(Kind.DUPLICATE_EVENT, "Event " + rs.getString("event_id"), duplicateEvent(rs));
                });
    }

    /**
     * Walks each aggregate's versions over both tiers in order; reports a first version other than
     * 1, a version stored twice and a gap.
     *
     * @return the number of aggregates
     */
    long checkVersions() {
        long[] aggregates = {0};
        // only each aggregate's first row and the rows that break the sequence come back; the hot
        // store's side arrives sorted from its unique index (a merge append), only the archive's is sorted
        jdbc.query("""
                select aggregate_type, aggregate_id, version, segment, previous, previous_segment
                  from (select aggregate_type, aggregate_id, version, segment,
                               lag(version) over w as previous, lag(segment) over w as previous_segment
                          from (select aggregate_type, aggregate_id, version, %d as segment from %s
                                union all
                                select aggregate_type, aggregate_id, version, segment from %s) tiers
                        window w as (partition by aggregate_type, aggregate_id order by version)) walk
                 where previous is null or version <> previous + 1
                """.formatted(HOT, hotStore.platformRelation("hot"), NAME), rs -> {
                    if (rs.getObject("previous") == null) {
                        aggregates[0]++;
                    }
                    versionProblem(rs);
                });
        return aggregates[0];
    }

    private void versionProblem(ResultSet rs) throws SQLException {
        String aggregate = rs.getString("aggregate_type") + " " + rs.getString("aggregate_id");
        long version = rs.getLong("version");
        long previous = rs.getLong("previous");
        if (rs.wasNull()) {
            if (version != 1) {
                problems.add(Kind.FIRST_VERSION, aggregate, "first version is " + version + ", expected 1 (in "
                        + place(rs.getInt("segment")) + ")");
            }
        } else if (version == previous) {
            problems.add(Kind.DUPLICATE_VERSION, aggregate, "version " + version + " stored twice: in "
                    + place(rs.getInt("previous_segment")) + " and in " + place(rs.getInt("segment")));
        } else {
            String missing = version == previous + 2 ? "version " + (previous + 1)
                    : "versions " + (previous + 1) + ".." + (version - 1);
            problems.add(Kind.VERSION_GAP, aggregate, missing + " missing (found " + previous + " then " + version + ")");
        }
    }

    private String duplicateEvent(ResultSet rs) throws SQLException {
        StringBuilder places = new StringBuilder("stored " + rs.getLong("n") + " times: in ");
        if (rs.getBoolean("in_hot")) {
            places.append("the hot store and in ");
        }
        int first = rs.getInt("first_segment");
        int last = rs.getInt("last_segment");
        places.append(place(first));
        if (last != first) {
            places.append(" and in ").append(place(last));
        }
        return places.toString();
    }

    private String place(int segment) {
        return segment == HOT ? "the hot store" : "segment " + segmentPaths.get(segment);
    }
}
