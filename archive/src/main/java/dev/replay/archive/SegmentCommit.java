package dev.replay.archive;

import dev.replay.readers.HighWaterMark;
import dev.replay.readers.HotStore;
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

    private final ArchiveCatalog catalog;
    private final HotStore hotStore;
    private final TransactionTemplate transaction;
    private final ArchivalHooks hooks;

    SegmentCommit(ArchiveCatalog catalog, HotStore hotStore, PlatformTransactionManager transactionManager,
                  ArchivalHooks hooks) {
        this.catalog = catalog;
        this.hotStore = hotStore;
        this.transaction = new TransactionTemplate(transactionManager);
        this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.hooks = hooks;
    }

    void commit(SegmentInfo segment, String runId, HighWaterMark mark) {
        transaction.executeWithoutResult(status -> {
            catalog.add(segment, runId);
            int deleted = hotStore.deleteArchived(segment.firstKey(), segment.lastKey(), mark);
            if (deleted != segment.rows()) {
                throw new SegmentArchivalException(segment.path(), "deleting its events from the hot store removed "
                        + deleted + " rows, expected " + segment.rows() + "; rolled back", null);
            }
            // a failpoint, then the lock check: a lost exclusive tier lock lets a replay list the catalog
            // without this segment while its events go
            hooks.beforeCommit();
        });
    }
}
