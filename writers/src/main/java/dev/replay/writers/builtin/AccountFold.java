package dev.replay.writers.builtin;

import dev.replay.writers.ProjectedEvent;
import java.time.Instant;

/**
 * One account's events of one chunk, or of one flush of a {@link AccountBalanceBuildFold}, folded in
 * memory: the balance change in whole cents (each amount rounded to cents as it is applied, so the
 * result never depends on where chunks or flushes begin), the version range, the last status change.
 * Each event's effect on the balance is checked against the range of {@link AccountPayloads} from the
 * balance the account had before the chunk; an event that fails the check changes nothing.
 * Not thread-safe.
 */
final class AccountFold {

    final String accountId;
    final long firstVersion;
    long lastVersion;
    long cents;
    /** The status the events leave the account in, or null when none of them changed it. */
    String status;
    /** The version of the event that set {@link #status}, 0 when none did. */
    long statusVersion;
    Instant updatedAt;
    /** The balance before the chunk, in cents. */
    private final long before;
    /** Whether the balance is checked: not for events already applied, which the upsert leaves alone. */
    private final boolean checked;

    /**
     * @param before the account's balance before these events, in cents (0 for a new account)
     */
    AccountFold(String accountId, long firstVersion, long before) {
        this.accountId = accountId;
        this.firstVersion = firstVersion;
        this.lastVersion = firstVersion - 1;
        this.before = before;
        this.checked = true;
    }

    /** A fold of events that were applied already: their balance is not checked again. */
    AccountFold(String accountId, long firstVersion) {
        this.accountId = accountId;
        this.firstVersion = firstVersion;
        this.lastVersion = firstVersion - 1;
        this.before = 0;
        this.checked = false;
    }

    /**
     * Folds one event in.
     *
     * @throws dev.replay.writers.InvalidEventException when it would take the balance out of range; nothing changed then
     */
    void add(ProjectedEvent event, long amountCents, String newStatus) {
        if (event.version() <= lastVersion) {
            throw new IllegalStateException("Account " + accountId + " version regressed from " + lastVersion
                    + " to " + event.version() + " at event " + event.eventId() + ": events out of order");
        }
        cents = checked ? AccountPayloads.balanceAfter(event, before + cents, amountCents) - before : cents + amountCents;
        lastVersion = event.version();
        updatedAt = event.occurredAt();
        if (newStatus != null) {
            status = newStatus;
            statusVersion = event.version();
        }
    }
}
