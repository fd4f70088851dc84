package dev.replay.config;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.convert.DurationStyle;

/**
 * A duration given as text by a command-line option or a job parameter, read by Spring Boot's
 * {@link DurationStyle} as properties are: {@code 90d}, {@code 12h}, {@code 30m}, {@code 10s},
 * {@code 500ms}, ISO-8601 {@code PT12H}; a bare number counts days, as under {@code @DurationUnit(DAYS)},
 * since these are retention windows. Failures are {@link IllegalArgumentException}s naming the option
 * or parameter and the value. Stateless.
 */
public final class DurationText {

    private DurationText() {
    }

    /**
     * @param name the option or parameter, as the message names it ({@code --older-than})
     * @throws IllegalArgumentException when {@code text} is no duration, or not a positive one
     */
    public static Duration positive(String name, String text) {
        Duration duration;
        try {
            duration = DurationStyle.detectAndParse(text.strip(), ChronoUnit.DAYS);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IllegalArgumentException(name + " must be a duration like 90d, 12h, 30m or PT12H, was '"
                    + text + "'");
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was '" + text + "'");
        }
        return duration;
    }
}
