package dev.replay.jobs.archive;

import dev.replay.archive.ArchivalHooks;
import dev.replay.jobs.support.Failpoint;
import dev.replay.jobs.support.HeldLocks;

/**
 * What the archive job does at the {@link dev.replay.archive.SegmentArchiver}'s points: reaches
 * the crash tests' failpoints ({@code archive.segment.written}, {@code archive.segment.before-commit},
 * {@code archive.segment.committed}) and, inside each commit transaction, checks that the archive
 * run's locks are still held. Stateless and thread-safe.
 */
final class JobArchivalHooks implements ArchivalHooks {

    @Override
    public void segmentWritten() {
        Failpoint.reach("archive.segment.written");
    }

    @Override
    public void beforeCommit() {
        Failpoint.reach("archive.segment.before-commit");
        // a lost exclusive tier lock lets a replay list the catalog without this segment while its events go
        HeldLocks.verify(HeldLocks.ARCHIVE, HeldLocks.ARCHIVE_TIER);
    }

    @Override
    public void segmentCommitted() {
        Failpoint.reach("archive.segment.committed");
    }
}
