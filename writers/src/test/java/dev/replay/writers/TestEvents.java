package dev.replay.writers;

import dev.replay.readers.Event;
import java.time.Instant;
import java.util.UUID;

/** Hand-made events for tests. */
public final class TestEvents {

    private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

    private TestEvents() {
    }

    public static Event event(String accountId, long version, String type, String payload) {
        return new Event(UUID.randomUUID(), "Account", accountId, version, type, payload,
                START.plusSeconds(version));
    }

    public static Event opened(String accountId) {
        return event(accountId, 1, "AccountOpened", "{\"owner\": \"Ada Almeida\", \"currency\": \"EUR\"}");
    }

    public static Event deposited(String accountId, long version, String amount) {
        return event(accountId, version, "Deposited", "{\"amount\": " + amount + ", \"currency\": \"EUR\"}");
    }

    public static Event withdrawn(String accountId, long version, String amount) {
        return event(accountId, version, "Withdrawn", "{\"amount\": " + amount + "}");
    }

    public static Event closed(String accountId, long version) {
        return event(accountId, version, "AccountClosed", "{\"reason\": \"customer-request\"}");
    }
}
