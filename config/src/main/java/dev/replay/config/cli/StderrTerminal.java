package dev.replay.config.cli;

import org.jline.terminal.spi.SystemStream;
import org.jline.terminal.spi.TerminalProvider;

/**
 * Whether this process's stderr is a terminal, and how wide, as jline's {@code exec} provider finds
 * out: {@code test -t 2} and {@code stty} run with the process's own streams, so it works on Linux
 * and macOS without native code. ({@code System.console()} on Java 17 answers for stdin and stdout,
 * not stderr.) No jline terminal is opened: that would install signal handlers, and Ctrl-C must
 * keep running the JVM's shutdown hooks. Thread-safe.
 */
final class StderrTerminal {

    static final int DEFAULT_WIDTH = 80;

    private StderrTerminal() {
    }

    /** True when stderr is a terminal; false when that cannot be found out (no {@code test} command, Windows). */
    static boolean detect() {
        try {
            return provider().isSystemStream(SystemStream.Error);
        } catch (Exception | LinkageError e) {
            return false; // not knowing is not a failure: plain lines then
        }
    }

    /** The terminal's columns, or {@link #DEFAULT_WIDTH} when it does not say. */
    static int width() {
        try {
            int columns = provider().systemStreamWidth(SystemStream.Error);
            return columns > 0 ? columns : DEFAULT_WIDTH;
        } catch (Exception | LinkageError e) {
            return DEFAULT_WIDTH;
        }
    }

    private static TerminalProvider provider() throws java.io.IOException {
        return TerminalProvider.load("exec");
    }
}
