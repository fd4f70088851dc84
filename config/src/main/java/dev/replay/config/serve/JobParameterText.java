package dev.replay.config.serve;

import dev.replay.config.DurationText;
import dev.replay.config.InstantText;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Reads the text parameters that schedules and the REST API give a job launch: durations
 * ({@code 90d}, {@code 12h}, {@code 30m}, {@code 10s}, ISO {@code PT12H}: {@link DurationText}), instants
 * or UTC dates ({@link InstantText}),
 * numbers, booleans, comma-separated lists. Every failure is an {@link IllegalArgumentException}
 * naming the parameter and the value. Stateless.
 */
final class JobParameterText {

    private final Map<String, String> parameters;

    JobParameterText(String job, Map<String, String> parameters, Set<String> known) {
        this.parameters = parameters == null ? Map.of() : parameters;
        for (String name : this.parameters.keySet()) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown parameter '" + name + "' for job " + job + ", expected some of "
                        + new TreeSet<>(known));
            }
        }
    }

    String text(String name) {
        String value = parameters.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    String required(String name) {
        String value = text(name);
        if (value == null) {
            throw new IllegalArgumentException(name + " is missing");
        }
        return value;
    }

    Duration duration(String name) {
        String text = text(name);
        return text == null ? null : DurationText.positive(name, text);
    }

    Instant instant(String name) {
        String text = text(name);
        return text == null ? null : InstantText.parse(name, text);
    }

    Long number(String name) {
        String text = text(name);
        try {
            return text == null ? null : Long.valueOf(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, was '" + text + "'");
        }
    }

    boolean flag(String name) {
        String text = text(name);
        if (text == null || text.equalsIgnoreCase("false")) {
            return false;
        }
        if (text.equalsIgnoreCase("true")) {
            return true;
        }
        throw new IllegalArgumentException(name + " must be true or false, was '" + text + "'");
    }

    Set<String> list(String name) {
        String text = text(name);
        return text == null ? Set.of() : Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
    }
}
