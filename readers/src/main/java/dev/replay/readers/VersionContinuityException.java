package dev.replay.readers;

import java.util.UUID;

/**
 * An aggregate's versions are not continuous in replay order: a version is missing (gap) or
 * comes again or goes back (regression). Either is corruption of the event history; the replay
 * stops rather than apply it.
 */
public class VersionContinuityException extends IllegalStateException {

    private final String aggregateType;
    private final String aggregateId;
    private final long expectedVersion;
    private final long foundVersion;
    private final UUID eventId;

    public VersionContinuityException(String aggregateType, String aggregateId, long expectedVersion,
                                      long foundVersion, UUID eventId) {
        super(String.format("Version %s in aggregate %s/%s: expected version %d, found %d (event %s)",
                foundVersion > expectedVersion ? "gap" : "regression",
                aggregateType, aggregateId, expectedVersion, foundVersion, eventId));
        this.aggregateType = aggregateType;
        this.aggregateId = aggregateId;
        this.expectedVersion = expectedVersion;
        this.foundVersion = foundVersion;
        this.eventId = eventId;
    }

    public String aggregateType() {
        return aggregateType;
    }

    public String aggregateId() {
        return aggregateId;
    }

    public long expectedVersion() {
        return expectedVersion;
    }

    public long foundVersion() {
        return foundVersion;
    }

    public UUID eventId() {
        return eventId;
    }
}
