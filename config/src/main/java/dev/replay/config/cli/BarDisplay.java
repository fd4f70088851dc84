package dev.replay.config.cli;

import java.io.PrintStream;
import java.text.DecimalFormat;
import java.util.LinkedHashSet;
import java.util.Set;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress as a live bar on a terminal, drawn by the progressbar library on one line that it
 * redraws every half second: {@code "replay  42% [=====>     ] 168000/400000 events (0:00:05 / 0:00:07) 33,600 events/s"},
 * with the time elapsed and the ETA in h:mm:ss. One bar per step; a step's last report closes it.
 *
 * <p>The library would open a jline terminal to learn the width; it is given the width instead
 * ({@link StderrTerminal}), so no terminal is opened. A bar still open when a command fails is
 * closed by {@link #endAll()} before the failure's line, which then starts on a line of its own.
 * Thread-safe (the library's bars are; the set of open bars is guarded).
 */
final class BarDisplay implements ProgressDisplay {

    private static final Set<BarDisplay> OPEN = new LinkedHashSet<>();
    private static final int REDRAW_MILLIS = 500;

    private final PrintStream err;
    private final int width;
    private ProgressBar bar;
    private TerminalLine line;

    BarDisplay(PrintStream err, int width) {
        this.err = err;
        this.width = width;
    }

    /** Closes every open bar of this process: the terminal's line is free for a message. */
    static void endAll() {
        for (BarDisplay display : open()) {
            display.end();
        }
    }

    @Override
    public synchronized void start(String what, long total) {
        end();
        if (total > 0) { // nothing to do draws no bar, as it prints no line
            open(what, total);
        }
    }

    @Override
    public synchronized void show(String what, long done, long total, double rate, boolean last) {
        if (bar == null && (last || total <= 0)) {
            return; // a closed step's repeated last report, or nothing to do
        }
        if (bar == null) {
            open(what, total);
        }
        bar.maxHint(Math.max(total, done));
        bar.stepTo(done);
        if (last) {
            end();
        }
    }

    @Override
    public synchronized void end() {
        if (bar != null) {
            bar.close(); // draws the last state and ends the line...
            line.close(); // ...unless it closed before its first redraw, which then skips the line's end
            bar = null;
            synchronized (OPEN) {
                OPEN.remove(this);
            }
        }
    }

    private void open(String what, long total) {
        bar = new ProgressBarBuilder().setTaskName(what).setInitialMax(Math.max(total, 0))
                .setStyle(ProgressBarStyle.ASCII).setUnit(" events", 1).showSpeed(new DecimalFormat("#,##0"))
                .setUpdateIntervalMillis(REDRAW_MILLIS)
                .setConsumer(line = new TerminalLine(err, width - 1)) // a full line would wrap
                .build();
        synchronized (OPEN) {
            OPEN.add(this);
        }
    }

    /** The bar's line on the terminal: redrawn after a carriage return, ended once. */
    private static final class TerminalLine extends ConsoleProgressBarConsumer {

        private boolean ended;

        TerminalLine(PrintStream err, int width) {
            super(err, width);
        }

        @Override
        public synchronized void close() {
            if (!ended) {
                ended = true;
                super.close();
            }
        }
    }

    private static Set<BarDisplay> open() {
        synchronized (OPEN) {
            return new LinkedHashSet<>(OPEN);
        }
    }
}
