package dev.replay.config.cli;

import dev.replay.jobs.rebuild.ReplayProgress;
import java.io.PrintStream;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The command line's one progress type: events done of the total, events/s and ETA, on stderr, as
 * {@code replay.progress} says ({@link ProgressMode}): a live bar on a terminal ({@link BarDisplay}),
 * plain lines otherwise ({@link LineDisplay}), or nothing. Two uses:
 * <ul>
 *   <li>as the {@link ReplayProgress} of job steps (the bean, on {@code System.err}): each step
 *       names its bar or lines, starts the clock with its first report (0 done) and shows its last one;</li>
 *   <li>for a command's own long work ({@link #of}: seeding, verifying), with one name and total,
 *       whose summary the command prints itself after {@link #finish()}.</li>
 * </ul>
 * The mode {@code auto} is resolved at the first report, so a command that reports nothing never
 * asks whether stderr is a terminal. Not thread-safe: report from one thread at a time (the API and
 * the dashboard show the progress of {@code serve}'s runs instead, from the job metadata).
 */
@Component
@Profile("!serve")
public final class Progress implements ReplayProgress {

    private final PrintStream err;
    private final String what;
    private final long total;
    private final boolean steps;
    private final ProgressMode mode;
    private long startNanos = System.nanoTime();
    private ProgressDisplay display;

    /** The progress of job steps, on stderr, in the mode {@code replay.progress} of {@code environment} says. */
    @Autowired
    public Progress(Environment environment) {
        this(System.err, null, 0, true, ProgressMode.parse(environment.getProperty(ProgressMode.PROPERTY)));
    }

    /** The progress of job steps, on stderr, a bar on a terminal and lines otherwise. */
    public Progress() {
        this(System.err, null, 0, true, ProgressMode.AUTO);
    }

    /** The progress of job steps, as lines on {@code err}. */
    Progress(PrintStream err) {
        this(err, null, 0, true, ProgressMode.LINES);
    }

    /** The progress of one piece of work named {@code what}, of {@code total} events, from now, as lines on {@code err}. */
    Progress(PrintStream err, String what, long total) {
        this(err, what, total, false, ProgressMode.LINES);
    }

    /** The progress of job steps on {@code err}, in {@code mode}. */
    Progress(PrintStream err, ProgressMode mode) {
        this(err, null, 0, true, mode);
    }

    private Progress(PrintStream err, String what, long total, boolean steps, ProgressMode mode) {
        this.err = err;
        this.what = what;
        this.total = total;
        this.steps = steps;
        this.mode = mode;
    }

    /** The progress of a command's own work, from now, on {@code err}, in the mode the application's {@code replay.progress} says. */
    static Progress of(ApplicationRuntime runtime, PrintStream err, String what, long total) {
        String configured = runtime.context().getEnvironment().getProperty(ProgressMode.PROPERTY);
        return new Progress(err, what, total, false, ProgressMode.parse(configured));
    }

    @Override
    public void update(String step, long done, long total) {
        long now = System.nanoTime();
        if (steps && done == 0) {
            startNanos = now; // a step starts
            display().start(step, total);
            return;
        }
        display().show(step, done, total, rate(done, now), steps && done >= total);
    }

    /** The work's events done so far. */
    void update(long done) {
        update(what, done, total);
    }

    /** The work is over (done or not): a bar draws its last state and ends its line. */
    void finish() {
        display().end();
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

    private ProgressDisplay display() {
        if (display == null) {
            ProgressMode shown = mode.resolve(err == System.err, StderrTerminal::detect, System.getenv("TERM"));
            display = switch (shown) {
                case BAR -> new BarDisplay(err, StderrTerminal.width());
                case LINES -> new LineDisplay(err, startNanos);
                default -> ProgressDisplay.NONE;
            };
        }
        return display;
    }
}
