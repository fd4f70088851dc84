package dev.replay.jobs.archive;

import dev.replay.archive.ArchiveCatalog;
import dev.replay.archive.SegmentInfo;
import dev.replay.jobs.support.Failpoint;
import dev.replay.jobs.support.HeldLocks;
import dev.replay.readers.HotStore;
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

    private final ArchiveCatalog catalog;
    private final HotStore hotStore;
    private final TransactionTemplate transaction;

    SegmentCommit(ArchiveCatalog catalog, HotStore hotStore, PlatformTransactionManager transactionManager) {
        this.catalog = catalog;
        this.hotStore = hotStore;
        this.transaction = new TransactionTemplate(transactionManager);
        this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    void commit(SegmentInfo segment, ArchiveRun run) {
        transaction.executeWithoutResult(status -> {
            catalog.add(segment, run.runId());
            int deleted = hotStore.deleteArchived(segment.firstKey(), segment.lastKey(), run.highWaterMark());
            if (deleted != segment.rows()) {
                throw new ArchiveSegmentException(segment.path(), "deleting its events from the hot store removed "
                        + deleted + " rows, expected " + segment.rows() + "; rolled back", null);
            }
            Failpoint.reach("archive.segment.before-commit");
            // a lost exclusive tier lock lets a replay list the catalog without this segment while its events go
            HeldLocks.verify(HeldLocks.ARCHIVE, HeldLocks.ARCHIVE_TIER);
        });
    }
}
