package dev.replay.archive;

import dev.replay.readers.EventKey;
import dev.replay.readers.HighWaterMark;
import dev.replay.readers.HotStore;
import java.util.Comparator;
import java.util.List;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The commit of a verified chunk, its segments (one, or one per bucket group): in one new
 * transaction on the primary, their catalog rows are inserted and exactly the chunk's events are
 * deleted from the hot store, those with keys from its first to its last key committed below the
 * run's high-water mark. Since the run read every such event in key order into the chunk's
 * segments, the deleted count must equal their rows; otherwise the transaction rolls back and the
 * failure names the segments. The
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

    void commit(List<SegmentInfo> chunk, String runId, HighWaterMark mark) {
        EventKey first = chunk.stream().map(SegmentInfo::firstKey).min(Comparator.naturalOrder()).orElseThrow();
        EventKey last = chunk.stream().map(SegmentInfo::lastKey).max(Comparator.naturalOrder()).orElseThrow();
        long rows = chunk.stream().mapToLong(SegmentInfo::rows).sum();
        transaction.executeWithoutResult(status -> {
            chunk.forEach(segment -> catalog.add(segment, runId));
            int deleted = hotStore.deleteArchived(first, last, mark);
            if (deleted != rows) {
                String named = chunk.get(0).path() + (chunk.size() == 1 ? "" : " and the " + (chunk.size() - 1)
                        + " other segments of its key range");
                throw new SegmentArchivalException(named, "deleting its events from the hot store removed "
                        + deleted + " rows, expected " + rows + "; rolled back", null);
            }
            // a failpoint, then the lock check: a lost exclusive tier lock lets a replay list the catalog
            // without this segment while its events go
            hooks.beforeCommit();
        });
    }
}
