package dev.replay.readers.upcast;

import dev.replay.readers.Event;

/**
 * An upcaster failed on an event, or returned no payload. The message names the upcaster, the
 * event id, its type and the schema version it was upcast from, the aggregate, and the cause's
 * message. The same upcaster fails again on the same event until its code or the event is fixed:
 * fatal for an export; a rebuild with {@code replay.skip-invalid} dead-letters the event instead.
 */
public class UpcastingException extends RuntimeException {

    private final transient Event event;
    private final String upcaster;
    private final String problem;

    UpcastingException(Upcaster upcaster, Event event, String problem, Throwable cause) {
        super("Upcaster [" + upcaster.name() + "] failed on event " + event.eventId() + " of type "
                + event.eventType() + ", schema version " + event.schemaVersion() + " (" + event.aggregateType()
                + " " + event.aggregateId() + " v" + event.version() + "): " + problem, cause);
        this.event = event;
        this.upcaster = upcaster.name();
        this.problem = problem;
    }

    /** The {@linkplain Upcaster#name() name} of the upcaster that failed. */
    public String upcaster() {
        return upcaster;
    }

    /** What went wrong, without the event: the upcaster's own message. */
    public String problem() {
        return problem;
    }

    /** The event, at the schema version the failing upcaster was given. */
    public Event event() {
        return event;
    }
}
