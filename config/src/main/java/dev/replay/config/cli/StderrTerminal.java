package dev.replay.config.cli;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.spi.SystemStream;
import org.jline.terminal.spi.TerminalProvider;

/**
 * Whether this process's stderr is a terminal, and how wide it is. The first is jline's
 * {@code exec} provider's test: {@code test -t 2} run with the process's own streams, so it works
 * on Linux and macOS without native code ({@code System.console()} on Java 17 answers for stdin and
 * stdout, not stderr). The width is {@code stty size} of the controlling terminal
 * ({@code /dev/tty}); jline's own width check would extract and load its native library. No jline
 * terminal is opened: that would install signal handlers, and Ctrl-C must keep running the JVM's
 * shutdown hooks. Thread-safe.
 */
final class StderrTerminal {

    static final int DEFAULT_WIDTH = 80;

    private StderrTerminal() {
    }

    /** True when stderr is a terminal; false when that cannot be found out (no {@code test} command, Windows). */
    static boolean detect() {
        try {
            return TerminalProvider.load("exec").isSystemStream(SystemStream.Error);
        } catch (Exception | LinkageError e) {
            return false; // not knowing is not a failure: plain lines then
        }
    }

    /** The terminal's columns, or {@link #DEFAULT_WIDTH} when it does not say (no terminal, a 0-wide pseudo-terminal). */
    static int width() {
        try {
            Process stty = new ProcessBuilder("stty", "size").redirectInput(new File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String size = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            if (!stty.waitFor(5, TimeUnit.SECONDS) || stty.exitValue() != 0) {
                return DEFAULT_WIDTH;
            }
            int columns = Integer.parseInt(size.substring(size.indexOf(' ') + 1));
            return columns > 0 ? columns : DEFAULT_WIDTH;
        } catch (Exception e) {
            return DEFAULT_WIDTH;
        }
    }
}
