package dev.replay.writers;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * Reads {@code projection_build} for status reports: every projection's live build, since when it
 * is live and its saved high-water mark, and the kept copies a rollback could swap back in (retired
 * builds that were live once and whose tables were not dropped), newest first. Read-only: the
 * builds change only through {@link ReadModelBuilds}. Each method is one query over all
 * projections; thread-safe.
 */
public final class ProjectionBuildHistory {

    private final JdbcTemplate jdbc;

    public ProjectionBuildHistory(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(Objects.requireNonNull(dataSource, "dataSource"));
    }

    /**
     * A live build.
     *
     * @param swappedAt     when it was swapped in
     * @param highWaterMark the mark saved with it (its last catch-up's), as stored; null when none was saved
     */
    public record LiveBuild(String projection, long build, Instant swappedAt, String highWaterMark) {
    }

    /** The live build of every projection that has one, by projection. */
    public Map<String, LiveBuild> liveBuilds() {
        Map<String, LiveBuild> live = new TreeMap<>();
        jdbc.query("select projection, build, swapped_at, high_water_mark from projection_build where status = ?",
                (RowCallbackHandler) rs -> live.put(rs.getString(1), new LiveBuild(rs.getString(1), rs.getLong(2),
                        instant(rs.getTimestamp(3)), rs.getString(4))), BuildRegistry.LIVE);
        return live;
    }

    /** The kept copies of every projection that has some, by projection: build numbers, newest first. */
    public Map<String, List<Long>> keptCopies() {
        Map<String, List<Long>> kept = new TreeMap<>();
        jdbc.query("select projection, build from projection_build where status = ? and dropped_at is null"
                + " and swapped_at is not null order by projection, swapped_at desc, build desc",
                (RowCallbackHandler) rs -> kept.computeIfAbsent(rs.getString(1), p -> new ArrayList<>()).add(rs.getLong(2)),
                BuildRegistry.RETIRED);
        return kept;
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
