package dev.replay.readers;

import java.util.Objects;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Captures {@link HighWaterMark}s from the hot store.
 *
 * <p>The mark is the {@code xmin} of a fresh snapshot, not the current transaction id: every
 * transaction below {@code xmin} has finished, whereas a transaction with a smaller id than the
 * current one may still be open and commit later, and a bound on the current id would skip its
 * rows for good. A long-open transaction holds {@code xmin} back; rows committed after it are
 * then read late (by the next catch-up), never lost.
 *
 * <p>Capture the mark on the same {@link DataSource} the reader reads: a read replica has its
 * own snapshots, and a mark from the primary may cover rows the replica has not replayed yet.
 *
 * <p>Thread-safe: each capture borrows its own connection (or joins the caller's transaction,
 * where {@code xmin} is that transaction's snapshot).
 */
public class JdbcHighWaterMarks {

    /** The xmin of the current snapshot as a number; xid8 has no direct cast to bigint. */
    public static final String CURRENT_XMIN_SQL = "select pg_snapshot_xmin(pg_current_snapshot())::text::bigint";

    private final JdbcTemplate jdbc;

    public JdbcHighWaterMarks(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(Objects.requireNonNull(dataSource, "dataSource"));
    }

    /** The mark of a full replay launched now. */
    public HighWaterMark fullReplay() {
        return HighWaterMark.fullReplay(currentXmin());
    }

    /** The mark of a catch-up run launched now, continuing where {@code previous} stopped. */
    public HighWaterMark catchUpAfter(HighWaterMark previous) {
        return previous.catchUpTo(currentXmin());
    }

    /** Every transaction id below this number has committed or aborted. */
    public long currentXmin() {
        Long xmin = jdbc.queryForObject(CURRENT_XMIN_SQL, Long.class);
        if (xmin == null) {
            throw new IllegalStateException("Failed to capture a high-water mark: " + CURRENT_XMIN_SQL + " returned null");
        }
        return xmin;
    }
}
