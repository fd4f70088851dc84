package dev.replay.config.cli;

import java.io.PrintStream;
import java.time.Duration;

/**
 * Progress as plain lines, for logs and CI (a bar's carriage returns would garble them):
 * {@code "replay: 40,000 / 400,000 events (10%), 16,453 events/s, ETA 21s"}, at most one every two
 * seconds, and a step's last report always. Not thread-safe.
 */
final class LineDisplay implements ProgressDisplay {

    private static final long INTERVAL_NANOS = Duration.ofSeconds(2).toNanos();

    private final PrintStream err;
    private long lastPrintNanos;

    /** Lines on {@code err}, the first two seconds after {@code startNanos} at the earliest. */
    LineDisplay(PrintStream err, long startNanos) {
        this.err = err;
        this.lastPrintNanos = startNanos;
    }

    @Override
    public void start(String what, long total) {
        lastPrintNanos = System.nanoTime();
    }

    @Override
    public void show(String what, long done, long total, double rate, boolean last) {
        long now = System.nanoTime();
        if (now - lastPrintNanos < INTERVAL_NANOS && !last) {
            return;
        }
        lastPrintNanos = now;
        long etaSeconds = rate > 0 ? (long) ((total - done) / rate) : 0;
        err.printf("%s: %,d / %,d events (%d%%), %,.0f events/s, ETA %ds%n",
                what, done, total, total == 0 ? 100 : done * 100 / total, rate, etaSeconds);
    }
}
