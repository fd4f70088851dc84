package dev.replay.archive;

import java.util.List;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes this store's segment files that the catalog does not list: what a crashed or failed run
 * of this store wrote but never committed (its store token in the name, see
 * {@link ArchiveStoreGuard}). Files named without a store id (written before stores had ids) that
 * the catalog does not list are kept and reported with a WARN: they may be another store's. A
 * location that holds another store's marker or segments is refused before anything is deleted.
 * Safe only while no archive run writes, which the caller guarantees by holding the archive job
 * lock (a segment being written looks like an orphan).
 *
 * <p>Thread-safe; idempotent.
 */
public class ArchiveOrphanCleanup {

    private static final Logger log = LoggerFactory.getLogger(ArchiveOrphanCleanup.class);

    private final ArchiveFileSystems fileSystems;
    private final ArchiveCatalog catalog;
    private final ArchiveStoreGuard guard;

    public ArchiveOrphanCleanup(ArchiveFileSystems fileSystems, ArchiveCatalog catalog, ArchiveStoreGuard guard) {
        this.fileSystems = fileSystems;
        this.catalog = catalog;
        this.guard = guard;
    }

    /**
     * What a cleanup did.
     *
     * @param deleted this store's orphans, deleted
     * @param kept legacy files not in the catalog, left in place
     */
    public record Result(List<Path> deleted, List<Path> kept) {
    }

    /**
     * Deletes this store's orphans and reports the legacy files it kept.
     *
     * @throws ArchiveStoreConflictException when another store archives at this location
     */
    public Result deleteOrphans() {
        ArchiveStoreGuard.Orphans orphans = guard.orphans(catalog.paths());
        for (Path orphan : orphans.own()) {
            fileSystems.delete(orphan);
            log.info("Archive [{}]. Deleted orphan segment {}", fileSystems.layout(), orphan);
        }
        for (Path legacy : orphans.legacy()) {
            log.warn("Archive [{}]. Kept {}: not in this store's catalog, and its name carries no store id, "
                    + "so it may be another store's; delete it by hand if it is not", fileSystems.layout(), legacy);
        }
        return new Result(orphans.own(), orphans.legacy());
    }
}
