package dev.replay.readers;

import java.util.UUID;

/**
 * An event in the hot store that no replay can place in the replay order: its {@code occurred_at}
 * is {@code infinity} or {@code -infinity}, which PostgreSQL's timestamptz allows and an instant
 * does not. Fatal for the run that reads it; the message names the event (id, aggregate, version)
 * and the value, so that the row can be corrected.
 */
public class UnreplayableEventException extends IllegalStateException {

    public UnreplayableEventException(String message) {
        super(message);
    }

    static UnreplayableEventException nonFiniteOccurredAt(UUID eventId, String aggregateType, String aggregateId,
                                                         long version, String value) {
        return new UnreplayableEventException("Event " + eventId + " (" + aggregateType + " " + aggregateId
                + " version " + version + ") has occurred_at " + value + ": events replay by a finite timestamp;"
                + " correct its occurred_at in the hot store");
    }
}
