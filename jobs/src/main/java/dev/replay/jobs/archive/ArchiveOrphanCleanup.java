package dev.replay.jobs.archive;

import dev.replay.archive.ArchiveCatalog;
import dev.replay.archive.ArchiveFileSystems;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes segment files under the archive that the catalog does not list: what a crashed or
 * failed run wrote but never committed. Safe only while no archive run writes, which the caller
 * guarantees by holding the archive job lock (a segment being written looks like an orphan).
 *
 * <p>Thread-safe; idempotent.
 */
public class ArchiveOrphanCleanup {

    private static final Logger log = LoggerFactory.getLogger(ArchiveOrphanCleanup.class);

    private final ArchiveFileSystems fileSystems;
    private final ArchiveCatalog catalog;

    public ArchiveOrphanCleanup(ArchiveFileSystems fileSystems, ArchiveCatalog catalog) {
        this.fileSystems = fileSystems;
        this.catalog = catalog;
    }

    /** Deletes the orphans and returns their paths. */
    public List<Path> deleteOrphans() {
        List<Path> orphans = fileSystems.orphans(catalog.paths());
        for (Path orphan : orphans) {
            fileSystems.delete(orphan);
            log.info("Archive [{}]. Deleted orphan segment {}", fileSystems.layout(), orphan);
        }
        return orphans;
    }
}
