package dev.replay.config.cli;

import dev.replay.jobs.rebuild.ReplayProgress;
import java.io.PrintStream;
import java.time.Duration;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The command line's one progress type: events done of the total, events/s and ETA on stderr, at
 * most once every two seconds. Two uses:
 * <ul>
 *   <li>as the {@link ReplayProgress} of job steps (the bean, on {@code System.err}): each step
 *       names its line, starts the clock with its first report (0 done) and prints its last one;</li>
 *   <li>for a command's own long work ({@link #Progress(PrintStream, String, long)}: seeding,
 *       verifying), with one name and total, whose summary the command prints itself.</li>
 * </ul>
 * Not thread-safe: report from one thread at a time (the API and the dashboard show the progress
 * of {@code serve}'s runs instead, from the job metadata).
 */
@Component
@Profile("!serve")
public final class Progress implements ReplayProgress {

    private static final long INTERVAL_NANOS = Duration.ofSeconds(2).toNanos();

    private final PrintStream err;
    private final String what;
    private final long total;
    private final boolean steps;
    private long startNanos = System.nanoTime();
    private long lastPrintNanos = startNanos;

    /** The progress of job steps, on stderr. */
    public Progress() {
        this(System.err);
    }

    /** The progress of job steps, on {@code err}. */
    Progress(PrintStream err) {
        this(err, null, 0, true);
    }

    /** The progress of one piece of work named {@code what}, of {@code total} events, from now. */
    Progress(PrintStream err, String what, long total) {
        this(err, what, total, false);
    }

    private Progress(PrintStream err, String what, long total, boolean steps) {
        this.err = err;
        this.what = what;
        this.total = total;
        this.steps = steps;
    }

    @Override
    public void update(String step, long done, long total) {
        long now = System.nanoTime();
        if (steps && done == 0) {
            startNanos = now; // a step starts
            lastPrintNanos = now;
            return;
        }
        if (now - lastPrintNanos < INTERVAL_NANOS && !(steps && done >= total)) {
            return;
        }
        lastPrintNanos = now;
        double rate = rate(done, now);
        long etaSeconds = rate > 0 ? (long) ((total - done) / rate) : 0;
        err.printf("%s: %,d / %,d events (%d%%), %,.0f events/s, ETA %ds%n",
                step, done, total, total == 0 ? 100 : done * 100 / total, rate, etaSeconds);
    }

    /** The work's events done so far. */
    void update(long done) {
        update(what, done, total);
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
        return steps ? done / Math.max(1e-3, seconds) : seconds > 0 ? done / seconds : 0;
    }
}
