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
 * order, pruned by the filter's time range against each segment's time span, and by a range
 * partition's buckets against each segment's), never from a file listing; each is read by a {@link PrefetchingSegmentCursor}, which decodes on a thread of its own,
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
        // a partition of the range scheme skips the segments of other buckets unopened
        return segments.stream().filter(segment -> segment.info().buckets().overlaps(filter.partition()))
                .map(CatalogArchivedEvents::ref).toList();
    }

    @Override
    public EventCursor open(ArchivedSegmentRef segment, EventKey startAfter, EventFilter filter) {
        return open(segment, startAfter, filter, ReadAheadShare.WHOLE);
    }

    /**
     * Decodes ahead in batches of {@code share} of a single stream's, divided again by the segments
     * of one key range that the reader's buckets span: a whole stream reads the eight segments of a
     * split key range at once, each an eighth as far ahead, so together they hold what one would.
     */
    @Override
    public EventCursor open(ArchivedSegmentRef segment, EventKey startAfter, EventFilter filter, ReadAheadShare share) {
        double bucketShare = segment.buckets().shareOf(filter.partition());
        int alongside = bucketShare > 0 ? Math.max(1, (int) Math.round(1 / bucketShare)) : 1;
        ReadAheadShare divided = alongside == 1 ? share : new ReadAheadShare(share.readers() * alongside);
        return new PrefetchingSegmentCursor(fileSystems.fileSystem(), segment, startAfter, filter, divided);
    }

    private static ArchivedSegmentRef ref(ArchivedSegment segment) {
        SegmentInfo info = segment.info();
        return new ArchivedSegmentRef(info.path(), info.firstKey(), info.lastKey(), info.rows(), info.checksum(),
                info.buckets());
    }
}
