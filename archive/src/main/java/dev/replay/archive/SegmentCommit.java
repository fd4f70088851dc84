package dev.replay.archive;

import dev.replay.readers.EventKey;
import dev.replay.readers.HighWaterMark;
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
 * otherwise the transaction rolls back and the failure names the segment. The
 * {@link ArchivalHooks#beforeCommit} hook runs last inside the transaction. Thread-safe.
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
    private final ArchivalHooks hooks;

    SegmentCommit(ArchiveCatalog catalog, DataSource primary, PlatformTransactionManager transactionManager,
                  ArchivalHooks hooks) {
        this.catalog = catalog;
        this.jdbc = new JdbcTemplate(primary);
        this.transaction = new TransactionTemplate(transactionManager);
        this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.hooks = hooks;
    }

    void commit(SegmentInfo segment, String runId, HighWaterMark mark) {
        transaction.executeWithoutResult(status -> {
            catalog.add(segment, runId);
            int deleted = deleteFromHotStore(segment.firstKey(), segment.lastKey(), mark);
            if (deleted != segment.rows()) {
                throw new SegmentArchivalException(segment.path(), "deleting its events from the hot store removed "
                        + deleted + " rows, expected " + segment.rows() + "; rolled back", null);
            }
            // a failpoint, then the lock check: a lost exclusive tier lock lets a replay list the catalog
            // without this segment while its events go
            hooks.beforeCommit();
        });
    }

    /** Deletes the archived key range committed within the mark; to move into the hot store's owner. */
    private int deleteFromHotStore(EventKey first, EventKey last, HighWaterMark mark) {
        // plan with the values: a generic plan, or an estimate from the row comparison alone, reads the
        // whole table; the plain occurred_at bounds give the planner the selectivity of one day
        jdbc.execute("set local plan_cache_mode = force_custom_plan");
        return jdbc.update(DELETE, first.occurredAt().atOffset(ZoneOffset.UTC), last.occurredAt().atOffset(ZoneOffset.UTC),
                first.occurredAt().atOffset(ZoneOffset.UTC), first.version(), first.eventId(),
                last.occurredAt().atOffset(ZoneOffset.UTC), last.version(), last.eventId(),
                Long.toString(mark.lowerXmin()), Long.toString(mark.upperXmin()));
    }
}
