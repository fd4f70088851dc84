package dev.replay.readers.upcast;

import dev.replay.readers.Event;

/**
 * An upcaster failed on an event, or returned no payload. The message names the upcaster, the
 * event id, its type and the schema version it was upcast from, the aggregate, and the cause's
 * message. Fatal for the replay: the same upcaster fails again on the same event until its code
 * or the event is fixed.
 */
public class UpcastingException extends RuntimeException {

    private final transient Event event;

    UpcastingException(Upcaster upcaster, Event event, String problem, Throwable cause) {
        super("Upcaster [" + upcaster.name() + "] failed on event " + event.eventId() + " of type "
                + event.eventType() + ", schema version " + event.schemaVersion() + " (" + event.aggregateType()
                + " " + event.aggregateId() + " v" + event.version() + "): " + problem, cause);
        this.event = event;
    }

    /** The event, at the schema version the failing upcaster was given. */
    public Event event() {
        return event;
    }
}
