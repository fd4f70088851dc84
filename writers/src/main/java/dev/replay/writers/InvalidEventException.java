package dev.replay.writers;

import dev.replay.readers.Event;
import java.util.UUID;

/**
 * An event a projection cannot apply, typically because its payload is not valid JSON or lacks a
 * field the projection needs. The message names the event id, the event type and the problem.
 * Fatal for the event: retrying will not help, skipping or fixing the data will.
 */
public class InvalidEventException extends RuntimeException {

    private final transient Event event;

    public InvalidEventException(Event event, String problem, Throwable cause) {
        super("Invalid event " + event.eventId() + " of type " + event.eventType()
                + " (" + event.aggregateType() + " " + event.aggregateId() + " v" + event.version() + "): "
                + problem, cause);
        this.event = event;
    }

    public InvalidEventException(Event event, String problem) {
        this(event, problem, null);
    }

    /** The event that could not be applied. */
    public Event event() {
        return event;
    }

    public UUID eventId() {
        return event.eventId();
    }
}
