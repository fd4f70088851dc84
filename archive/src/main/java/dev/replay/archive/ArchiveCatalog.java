package dev.replay.archive;

import dev.replay.readers.BucketRange;
import dev.replay.readers.EventKey;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * The archive catalog in PostgreSQL ({@code archive_segment}, migration V5): the one record of
 * which segments exist and in which order they replay.
 *
 * <p>Order comes from the catalog, never from a file-system listing: {@link #list} returns the
 * segments by partition date, then by first key in replay order; segments of one key range split by
 * partition bucket (migration V23) overlap, and a merging reader reads them together. A file under the archive's base
 * that the catalog does not hold is an orphan, to be deleted, not read.
 *
 * <p>Transactions: every method runs on a connection from Spring's {@code DataSourceUtils}, so it
 * joins the caller's transaction when there is one (a {@code DataSourceTransactionManager} or a
 * Batch step's transaction on the same DataSource). The archive job relies on this: the catalog
 * row is inserted and the segment's events are deleted from the hot store in one transaction, so
 * a crash leaves either both or neither.
 *
 * <p>Thread-safe.
 */
public class ArchiveCatalog {

    private static final String COLUMNS = "segment_id, path, partition_date, rows, first_key, last_key, "
            + "min_occurred_at, max_occurred_at, bytes, checksum, run_id, created_at, bucket_first, bucket_last";
    // first_key's text form does not sort in replay order (instants drop trailing zeros), so the
    // database orders coarsely and list() sorts by the parsed key
    private static final Comparator<ArchivedSegment> CATALOG_ORDER = Comparator
            .comparing((ArchivedSegment s) -> s.info().partitionDate())
            .thenComparing(s -> s.info().firstKey());

    private final JdbcTemplate jdbc;

    public ArchiveCatalog(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(Objects.requireNonNull(dataSource, "dataSource"));
    }

    /**
     * Records a written and verified segment, in the caller's transaction if there is one.
     *
     * @return the new catalog row
     * @throws DuplicateKeyException naming the path when the catalog already holds it
     */
    public ArchivedSegment add(SegmentInfo segment, String runId) {
        Objects.requireNonNull(segment, "segment");
        if (runId == null || runId.isBlank()) {
            throw new IllegalArgumentException("runId must not be blank, was '" + runId + "'");
        }
        try {
            return jdbc.queryForObject("insert into archive_segment (path, partition_date, rows, first_key, last_key, "
                            + "min_occurred_at, max_occurred_at, bytes, checksum, run_id, bucket_first, bucket_last) "
                            + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning " + COLUMNS, ROW,
                    segment.path(), segment.partitionDate(), segment.rows(), segment.firstKey().toString(),
                    segment.lastKey().toString(), utc(segment.minOccurredAt()), utc(segment.maxOccurredAt()),
                    segment.bytes(), segment.checksum(), runId, segment.buckets().first(), segment.buckets().last());
        } catch (DuplicateKeyException e) {
            throw new DuplicateKeyException("Segment " + segment.path() + " is already in the archive catalog", e);
        }
    }

    /** All segments in catalog order: partition date, then first key. */
    public List<ArchivedSegment> list() {
        return sorted(jdbc.query("select " + COLUMNS + " from archive_segment "
                + "order by partition_date, min_occurred_at, segment_id", ROW));
    }

    /**
     * The segments holding events with {@code from <= occurred_at < to}, in catalog order. A
     * segment qualifies by its time span; the events inside still need filtering.
     */
    public List<ArchivedSegment> listOverlapping(Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("from must not be after to, was " + from + " after " + to);
        }
        return sorted(jdbc.query("select " + COLUMNS + " from archive_segment "
                + "where max_occurred_at >= ? and min_occurred_at < ? "
                + "order by partition_date, min_occurred_at, segment_id", ROW, utc(from), utc(to)));
    }

    /** The paths of all catalogued segments, as stored (fully qualified). */
    public Set<String> paths() {
        return new LinkedHashSet<>(jdbc.queryForList("select path from archive_segment order by path", String.class));
    }

    /**
     * What a run has catalogued so far.
     *
     * @param segments its segments
     * @param rows the events in them
     */
    public record RunTotals(int segments, long rows) {
    }

    /** The segments run {@code runId} has catalogued, and their events. */
    public RunTotals runTotals(String runId) {
        return jdbc.queryForObject("select count(*), coalesce(sum(rows), 0) from archive_segment where run_id = ?",
                (rs, row) -> new RunTotals(rs.getInt(1), rs.getLong(2)), runId);
    }

    private static List<ArchivedSegment> sorted(List<ArchivedSegment> segments) {
        List<ArchivedSegment> result = new ArrayList<>(segments);
        result.sort(CATALOG_ORDER);
        return result;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static final RowMapper<ArchivedSegment> ROW = ArchiveCatalog::map;

    private static ArchivedSegment map(ResultSet rs, int row) throws SQLException {
        SegmentInfo info = new SegmentInfo(rs.getString("path"), rs.getObject("partition_date", java.time.LocalDate.class),
                rs.getLong("rows"), EventKey.parse(rs.getString("first_key")), EventKey.parse(rs.getString("last_key")),
                instant(rs, "min_occurred_at"), instant(rs, "max_occurred_at"), rs.getLong("bytes"),
                rs.getString("checksum"), new BucketRange(rs.getInt("bucket_first"), rs.getInt("bucket_last")));
        return new ArchivedSegment(rs.getLong("segment_id"), info, rs.getString("run_id"), instant(rs, "created_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
