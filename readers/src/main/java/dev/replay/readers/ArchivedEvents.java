package dev.replay.readers;

import java.util.List;

/**
 * The archive as a merging reader sees it: an ordered list of sorted segments, each opened on
 * demand. The archive module implements it over its catalog and Parquet segments, so this module
 * knows nothing of Parquet or object stores.
 *
 * <p>Implementations are thread-safe; each {@link EventCursor} they open is not.
 */
public interface ArchivedEvents {

    /** No archive: every event is in the hot store. */
    ArchivedEvents NONE = new ArchivedEvents() {
        @Override
        public List<ArchivedSegmentRef> segments(EventFilter filter) {
            return List.of();
        }

        @Override
        public EventCursor open(ArchivedSegmentRef segment, EventKey startAfter, EventFilter filter) {
            throw new IllegalStateException("There is no archive to open segment " + segment.path() + " from");
        }
    };

    /**
     * The segments that may hold events passing {@code filter}, in catalog order; pruned by what
     * the catalog knows (time span), never by listing files.
     */
    List<ArchivedSegmentRef> segments(EventFilter filter);

    /**
     * The segment's events after {@code startAfter} (all of them when null) that pass
     * {@code filter}, in replay order.
     *
     * @throws RuntimeException naming the segment when it is missing, unreadable or fails its checks
     */
    EventCursor open(ArchivedSegmentRef segment, EventKey startAfter, EventFilter filter);

    /**
     * As {@link #open(ArchivedSegmentRef, EventKey, EventFilter)}, decoding ahead no more than
     * {@code share} of what a single stream's cursor would (the archive's own batches, divided);
     * an implementation that decodes nothing ahead may ignore it, as this default does.
     */
    default EventCursor open(ArchivedSegmentRef segment, EventKey startAfter, EventFilter filter,
                             ReadAheadShare share) {
        return open(segment, startAfter, filter);
    }
}
