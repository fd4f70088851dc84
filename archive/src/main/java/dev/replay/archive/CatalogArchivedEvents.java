package dev.replay.archive;

import dev.replay.readers.ArchivedEvents;
import dev.replay.readers.ArchivedSegmentRef;
import dev.replay.readers.EventCursor;
import dev.replay.readers.EventFilter;
import dev.replay.readers.EventKey;
import dev.replay.readers.ReadAheadShare;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The archive for merged replays: the segments come from the {@link ArchiveCatalog} (in catalog
 * order, pruned by the filter's time range against each segment's time span), never from a file
 * listing; each is read by a {@link PrefetchingSegmentCursor}, which decodes on a thread of its own,
 * checks every segment's footer (rows, first and last key) against the catalog before using any of
 * its rows, and verifies the row count and checksum of a segment read whole. A reader that is one
 * of several reading at once opens its segments with its {@link ReadAheadShare}, which divides
 * the batches each segment decodes ahead.
 *
 * <p>Thread-safe.
 */
public class CatalogArchivedEvents implements ArchivedEvents {

    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private final ArchiveCatalog catalog;
    private final ArchiveFileSystems fileSystems;

    public CatalogArchivedEvents(ArchiveCatalog catalog, ArchiveFileSystems fileSystems) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.fileSystems = Objects.requireNonNull(fileSystems, "fileSystems");
    }

    @Override
    public List<ArchivedSegmentRef> segments(EventFilter filter) {
        List<ArchivedSegment> segments = filter.from() == null && filter.to() == null ? catalog.list()
                : catalog.listOverlapping(filter.from() != null ? filter.from() : EARLIEST,
                        filter.to() != null ? filter.to() : LATEST);
        return segments.stream().map(CatalogArchivedEvents::ref).toList();
    }

    @Override
    public EventCursor open(ArchivedSegmentRef segment, EventKey startAfter, EventFilter filter) {
        return new PrefetchingSegmentCursor(fileSystems.fileSystem(), segment, startAfter, filter);
    }

    /** Decodes ahead in batches of {@code share} of a single stream's. */
    @Override
    public EventCursor open(ArchivedSegmentRef segment, EventKey startAfter, EventFilter filter, ReadAheadShare share) {
        return new PrefetchingSegmentCursor(fileSystems.fileSystem(), segment, startAfter, filter, share);
    }

    private static ArchivedSegmentRef ref(ArchivedSegment segment) {
        SegmentInfo info = segment.info();
        return new ArchivedSegmentRef(info.path(), info.firstKey(), info.lastKey(), info.rows(), info.checksum());
    }
}
