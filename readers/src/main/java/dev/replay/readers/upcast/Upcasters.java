package dev.replay.readers.upcast;

import dev.replay.readers.Event;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The upcasters of an application as one chain: {@link #upcast} applies the upcaster registered
 * for the event's (type, schema version), then the one for the version that produced, and so on
 * until none matches, so a v1 event passes v1→v2→v3 when both steps are registered.
 *
 * <p><b>Cost.</b> An event whose type has no upcaster costs one hash lookup and is returned as
 * is, the same instance; so does an event already at the newest version (one more lookup). A
 * replay with an {@linkplain #isEmpty() empty} chain should not call it at all: the rebuild adds
 * no processor then.
 *
 * <p><b>Validation.</b> At construction: no null upcaster, no blank event type, no from-version
 * below 1, and no two upcasters for one (type, from-version), the message naming both.
 *
 * <p>Immutable and thread-safe when its upcasters are. Keeps no restart state: a resumed replay
 * upcasts the events it reads again, with the same result.
 */
public final class Upcasters {

    private static final Upcasters NONE = new Upcasters(List.of());

    private final Map<String, Map<Integer, Upcaster>> byType = new HashMap<>();
    private final List<Upcaster> all;

    public Upcasters(List<? extends Upcaster> upcasters) {
        Objects.requireNonNull(upcasters, "upcasters");
        List<Upcaster> registered = new ArrayList<>(upcasters.size());
        for (Upcaster upcaster : upcasters) {
            register(Objects.requireNonNull(upcaster, "upcasters must not contain null"));
            registered.add(upcaster);
        }
        this.all = List.copyOf(registered);
    }

    /** The empty chain. */
    public static Upcasters none() {
        return NONE;
    }

    private void register(Upcaster upcaster) {
        String type = upcaster.eventType();
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("Upcaster [" + upcaster.name() + "]: eventType must not be blank, was "
                    + (type == null ? "null" : "'" + type + "'"));
        }
        int from = upcaster.fromVersion();
        if (from < 1) {
            throw new IllegalArgumentException("Upcaster [" + upcaster.name() + "]: fromVersion must be at least 1, was "
                    + from);
        }
        Upcaster existing = byType.computeIfAbsent(type, key -> new HashMap<>()).putIfAbsent(from, upcaster);
        if (existing != null) {
            throw new IllegalArgumentException("Two upcasters for " + type + " v" + from + ": [" + existing.name()
                    + "] and [" + upcaster.name() + "]; register one upcaster per event type and schema version");
        }
    }

    /** Whether the chain has no upcaster: replays then skip upcasting altogether. */
    public boolean isEmpty() {
        return all.isEmpty();
    }

    /** The upcasters in registration order. */
    public List<Upcaster> upcasters() {
        return all;
    }

    /**
     * The event at the newest schema version the chain reaches: the same instance when no upcaster
     * matches, else a copy with the upcast payload and schema version.
     *
     * @throws UpcastingException naming the upcaster and the event when an upcaster fails
     */
    public Event upcast(Event event) {
        Map<Integer, Upcaster> versions = byType.get(event.eventType());
        if (versions == null) {
            return event;
        }
        Event current = event;
        for (Upcaster next = versions.get(current.schemaVersion()); next != null;
                next = versions.get(current.schemaVersion())) {
            current = apply(next, current);
        }
        return current;
    }

    private static Event apply(Upcaster upcaster, Event event) {
        String payload;
        try {
            payload = upcaster.upcast(event);
        } catch (RuntimeException e) {
            throw new UpcastingException(upcaster, event, String.valueOf(e.getMessage()), e);
        }
        if (payload == null) {
            throw new UpcastingException(upcaster, event, "returned no payload", null);
        }
        return new Event(event.eventId(), event.aggregateType(), event.aggregateId(), event.version(),
                event.eventType(), payload, event.occurredAt(), event.schemaVersion() + 1, event.metadata());
    }

    /** E.g. {@code [Deposited v1 (DepositedAmountUpcaster), Deposited v2 (...)]}, by type and version. */
    @Override
    public String toString() {
        List<String> steps = new ArrayList<>();
        new TreeMap<>(byType).forEach((type, versions) -> new TreeMap<>(versions).forEach((from, upcaster) ->
                steps.add(type + " v" + from + " (" + upcaster.name() + ")")));
        return steps.toString();
    }
}
