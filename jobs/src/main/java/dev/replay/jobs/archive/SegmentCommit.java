package dev.replay.jobs.archive;

import dev.replay.archive.ArchiveCatalog;
import dev.replay.archive.SegmentInfo;
import dev.replay.jobs.support.Failpoint;
import dev.replay.jobs.support.HeldLocks;
import dev.replay.readers.EventKey;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The commit of a verified segment: in one new transaction on the primary, the catalog row is
 * inserted and exactly the segment's events are deleted from the hot store, those with keys from
 * its first to its last key committed below the run's high-water mark. Since the run read every
 * such event in key order into this segment, the deleted count must equal the segment's rows;
 * otherwise the transaction rolls back and the failure names the segment. Thread-safe.
 */
class SegmentCommit {

    private static final String DELETE = """
            delete from events
             where occurred_at >= ? and occurred_at <= ?
               and (occurred_at, version, event_id) >= (?, ?, ?)
               and (occurred_at, version, event_id) <= (?, ?, ?)
               and tx_id >= ?::text::xid8 and tx_id < ?::text::xid8
            """;

    private final ArchiveCatalog catalog;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    SegmentCommit(ArchiveCatalog catalog, DataSource primary, PlatformTransactionManager transactionManager) {
        this.catalog = catalog;
        this.jdbc = new JdbcTemplate(primary);
        this.transaction = new TransactionTemplate(transactionManager);
        this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    void commit(SegmentInfo segment, ArchiveRun run) {
        transaction.executeWithoutResult(status -> {
            catalog.add(segment, run.runId());
            // plan with the values: a generic plan, or an estimate from the row comparison alone, reads the
            // whole table; the plain occurred_at bounds give the planner the selectivity of one day
            jdbc.execute("set local plan_cache_mode = force_custom_plan");
            int deleted = jdbc.update(DELETE, args(segment.firstKey(), segment.lastKey(), run));
            if (deleted != segment.rows()) {
                throw new ArchiveSegmentException(segment.path(), "deleting its events from the hot store removed "
                        + deleted + " rows, expected " + segment.rows() + "; rolled back", null);
            }
            Failpoint.reach("archive.segment.before-commit");
            // a lost exclusive tier lock lets a replay list the catalog without this segment while its events go
            HeldLocks.verify(HeldLocks.ARCHIVE, HeldLocks.ARCHIVE_TIER);
        });
    }

    private static Object[] args(EventKey first, EventKey last, ArchiveRun run) {
        return new Object[] {first.occurredAt().atOffset(ZoneOffset.UTC), last.occurredAt().atOffset(ZoneOffset.UTC),
            first.occurredAt().atOffset(ZoneOffset.UTC), first.version(), first.eventId(),
            last.occurredAt().atOffset(ZoneOffset.UTC), last.version(), last.eventId(),
            Long.toString(run.highWaterMark().lowerXmin()), Long.toString(run.highWaterMark().upperXmin())};
    }
}
