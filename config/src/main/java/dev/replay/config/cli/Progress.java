package dev.replay.config.cli;

import java.io.PrintStream;
import java.time.Duration;

/**
 * Progress of long work on stderr: done, total, rate and ETA, at most once every two seconds,
 * and a final line. Not thread-safe; report from the thread doing the work.
 */
final class Progress {

    private static final long INTERVAL_NANOS = Duration.ofSeconds(2).toNanos();

    private final PrintStream err;
    private final String what;
    private final long total;
    private final long startNanos = System.nanoTime();
    private long lastPrintNanos = startNanos;

    Progress(PrintStream err, String what, long total) {
        this.err = err;
        this.what = what;
        this.total = total;
    }

    void update(long done) {
        long now = System.nanoTime();
        if (now - lastPrintNanos >= INTERVAL_NANOS) {
            lastPrintNanos = now;
            double rate = rate(done, now);
            long etaSeconds = rate > 0 ? (long) ((total - done) / rate) : 0;
            err.printf("%s: %,d / %,d %s (%d%%), %,.0f events/s, ETA %ds%n",
                    what, done, total, "events", total == 0 ? 100 : done * 100 / total, rate, etaSeconds);
        }
    }

    /** Events per second since the start. */
    double rate(long done) {
        return rate(done, System.nanoTime());
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private double rate(long done, long now) {
        double seconds = (now - startNanos) / 1e9;
        return seconds > 0 ? done / seconds : 0;
    }
}
