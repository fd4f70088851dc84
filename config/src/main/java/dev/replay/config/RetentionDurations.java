package dev.replay.config;

import java.time.Duration;
import org.springframework.boot.convert.DurationStyle;

/**
 * The {@code older-than} of a purge, parsed by Spring Boot's {@link DurationStyle}: the simple form
 * ({@code 30d}, {@code 12h}, {@code 90m}) or ISO-8601 ({@code P30D}, {@code PT12H}).
 */
public final class RetentionDurations {

    private RetentionDurations() {
    }

    /**
     * @param name what the message names, e.g. {@code --older-than}
     * @throws IllegalArgumentException naming {@code name} and the text when it is not a positive duration
     */
    public static Duration parse(String name, String text) {
        Duration duration;
        try {
            duration = DurationStyle.detectAndParse(text == null ? "" : text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " must be a duration like 30d, 12h or P30D, was '" + text + "'", e);
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was '" + text + "'");
        }
        return duration;
    }
}
