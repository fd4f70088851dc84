package dev.replay.writers.builtin;

import dev.replay.writers.ProjectedEvent;
import java.time.Instant;

/**
 * One account's events of one chunk, or of one flush of a {@link AccountBalanceBuildFold}, folded in
 * memory: the balance change in whole cents (each amount rounded to cents as it is applied, so the
 * result never depends on where chunks or flushes begin), the version range, the last status change.
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

    AccountFold(String accountId, long firstVersion) {
        this.accountId = accountId;
        this.firstVersion = firstVersion;
        this.lastVersion = firstVersion - 1;
    }

    void add(ProjectedEvent event, long amountCents, String newStatus) {
        if (event.version() <= lastVersion) {
            throw new IllegalStateException("Account " + accountId + " version regressed from " + lastVersion
                    + " to " + event.version() + " at event " + event.eventId() + ": events out of order");
        }
        lastVersion = event.version();
        updatedAt = event.occurredAt();
        cents = Math.addExact(cents, amountCents);
        if (newStatus != null) {
            status = newStatus;
            statusVersion = event.version();
        }
    }
}
