package dev.replay.config.cli;

import dev.replay.config.InvalidConfigurationException;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * How the command line shows progress, from {@code replay.progress}: {@code bar} a live bar that
 * redraws one line, {@code lines} a plain line at most every two seconds (what logs and CI want),
 * {@code none} nothing, and {@code auto} (the default) a bar when the command prints to the
 * process's stderr, that is a terminal and {@code TERM} is not {@code dumb}, lines otherwise.
 */
enum ProgressMode {
    AUTO, BAR, LINES, NONE;

    static final String PROPERTY = "replay.progress";

    /** The configured mode; unset or blank is {@link #AUTO}. */
    static ProgressMode parse(String value) {
        if (value == null || value.isBlank()) {
            return AUTO;
        }
        return Arrays.stream(values()).filter(mode -> mode.name().equalsIgnoreCase(value.strip())).findFirst()
                .orElseThrow(() -> new InvalidConfigurationException(PROPERTY + " must be one of "
                        + Arrays.stream(values()).map(mode -> mode.name().toLowerCase(Locale.ROOT)).toList()
                        + ", was '" + value + "'"));
    }

    /**
     * The mode to use: this one, or for {@link #AUTO} a bar or lines. {@code stderrIsTerminal} is
     * asked only then (finding out starts a process).
     */
    ProgressMode resolve(boolean toProcessStderr, BooleanSupplier stderrIsTerminal, String term) {
        if (this != AUTO) {
            return this;
        }
        boolean dumb = term != null && term.strip().equalsIgnoreCase("dumb");
        return toProcessStderr && !dumb && stderrIsTerminal.getAsBoolean() ? BAR : LINES;
    }
}
