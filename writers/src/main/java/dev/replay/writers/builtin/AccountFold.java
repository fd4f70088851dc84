package dev.replay.writers.builtin;

import dev.replay.writers.ProjectedEvent;
import java.math.BigDecimal;
import java.time.Instant;

/** One account's events of one chunk, folded in memory. Not thread-safe. */
final class AccountFold {

    final String accountId;
    final long firstVersion;
    long lastVersion;
    BigDecimal delta = BigDecimal.ZERO;
    /** The status the chunk leaves the account in, or null when no event of the chunk changed it. */
    String status;
    /** The version of the event that set {@link #status}, 0 when none did. */
    long statusVersion;
    Instant updatedAt;

    AccountFold(String accountId, long firstVersion) {
        this.accountId = accountId;
        this.firstVersion = firstVersion;
        this.lastVersion = firstVersion - 1;
    }

    void add(ProjectedEvent event, BigDecimal amount, String newStatus) {
        if (event.version() <= lastVersion) {
            throw new IllegalStateException("Account " + accountId + " version regressed from " + lastVersion
                    + " to " + event.version() + " at event " + event.eventId() + ": events out of order");
        }
        lastVersion = event.version();
        updatedAt = event.occurredAt();
        if (amount != null) {
            delta = delta.add(amount);
        }
        if (newStatus != null) {
            status = newStatus;
            statusVersion = event.version();
        }
    }
}
