package dev.replay.config.cli;

import dev.replay.readers.sample.SeedSpec;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code seed}: deterministic sample events of the Account domain, through the producers' append path. */
@Command(name = "seed", mixinStandardHelpOptions = true,
        description = "Append deterministic sample events of the Account domain. Same options, same events.")
class SeedCommand implements Callable<Integer> {

    static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

    @ParentCommand
    ReplayCommand parent;

    @Option(names = "--events", defaultValue = "100000", description = "Number of events (default: ${DEFAULT-VALUE}).")
    long events;

    @Option(names = "--accounts", defaultValue = "10000", description = "Number of accounts (default: ${DEFAULT-VALUE}).")
    int accounts;

    @Option(names = "--days", defaultValue = "30", description = "Days the events spread over (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed; also part of account ids (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--start", defaultValue = "2026-01-01T00:00:00Z",
            description = "Timestamp of the first event, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Instant start;

    @Override
    public Integer call() {
        SeedSpec spec = spec();
        Progress progress = SampleData.seed(parent, spec);
        long appended = spec.events();
        parent.out().printf("Seeded %,d events for %,d accounts over %d days from %s in %.1fs: %,.0f events/s%n",
                appended, spec.openedAccounts(), spec.days(), spec.start(), progress.elapsed().toMillis() / 1000.0,
                progress.rate(appended));
        return ReplayCli.OK;
    }

    private SeedSpec spec() {
        try {
            return new SeedSpec(events, accounts, days, seed, start);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--" + e.getMessage());
        }
    }
}
