package dev.replay.jobs.launch;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The locks one launch runs under: the job's own advisory lock ({@code key}, refusing a concurrent
 * run of the same target, naming {@code subject} and the running execution {@code running} finds)
 * and the archive tier's lock, shared by replays and exclusive for archival. Immutable.
 *
 * @param subject what a refusal and a wait name, e.g. {@code Rebuild [account-balances]}
 */
record RunScope(String key, String subject, Supplier<Optional<Long>> running, Tier tier) {

    /** How a run holds the archive tier. */
    enum Tier {
        /** A replay: reads the hot store and the archive; many at once. */
        READ,
        /** Archival: moves events between them; alone. */
        WRITE
    }

    RunScope {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(running, "running");
        Objects.requireNonNull(tier, "tier");
    }
}
