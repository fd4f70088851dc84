package dev.replay.config;

import dev.replay.jobs.rebuild.ReplayProgress;
import java.io.PrintStream;
import java.time.Duration;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Prints replay progress on stderr for the command line: events done of the bounded total,
 * events/s and ETA, at most every two seconds. Not thread-safe: one replay step at a time.
 */
@Component
@Profile("!serve") // serve shows progress on the dashboard, from the job metadata
class ConsoleReplayProgress implements ReplayProgress {

    private static final long INTERVAL_NANOS = Duration.ofSeconds(2).toNanos();

    private final PrintStream err = System.err;
    private long startNanos;
    private long lastPrintNanos;

    @Override
    public void update(String step, long done, long total) {
        long now = System.nanoTime();
        if (done == 0) {
            startNanos = now;
            lastPrintNanos = now;
            return;
        }
        if (now - lastPrintNanos < INTERVAL_NANOS && done < total) {
            return;
        }
        lastPrintNanos = now;
        double seconds = Math.max(1e-3, (now - startNanos) / 1e9);
        double rate = done / seconds;
        long eta = rate > 0 ? (long) ((total - done) / rate) : 0;
        err.printf("%s: %,d / %,d events (%d%%), %,.0f events/s, ETA %ds%n",
                step, done, total, total == 0 ? 100 : done * 100 / total, rate, eta);
    }
}
