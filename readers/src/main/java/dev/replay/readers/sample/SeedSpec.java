package dev.replay.readers.sample;

import java.time.Instant;
import java.util.Objects;

/**
 * What {@link AccountEventGenerator} generates: {@code events} events over {@code accounts}
 * accounts, spread over {@code days} days from {@code start}, drawn from {@code seed}.
 * Same spec, same events, event ids included.
 */
public record SeedSpec(long events, int accounts, int days, long seed, Instant start) {

    public SeedSpec {
        Objects.requireNonNull(start, "start");
        if (events < 1) {
            throw new IllegalArgumentException("events must be positive, was " + events);
        }
        if (accounts < 1) {
            throw new IllegalArgumentException("accounts must be positive, was " + accounts);
        }
        if (days < 1) {
            throw new IllegalArgumentException("days must be positive, was " + days);
        }
    }

    /** The number of accounts that get events: every account opens with its first event. */
    public int openedAccounts() {
        return (int) Math.min(accounts, events);
    }
}
