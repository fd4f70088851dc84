package dev.replay.config.cli;

/**
 * Where {@link Progress} shows its reports: a live bar ({@link BarDisplay}), plain lines
 * ({@link LineDisplay}) or nowhere ({@link #NONE}). Called by one thread at a time.
 */
interface ProgressDisplay {

    ProgressDisplay NONE = new ProgressDisplay() {
    };

    /** A step named {@code what} starts, with {@code total} events to do. */
    default void start(String what, long total) {
    }

    /** {@code done} of {@code total} events at {@code rate} events/s; {@code last}: the step's final report. */
    default void show(String what, long done, long total, double rate, boolean last) {
    }

    /** The work is over, done or not: what shows is finished, the terminal left on a fresh line. */
    default void end() {
    }
}
