package dev.replay.config;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.convert.ConversionException;

/**
 * An instant given as text by a command-line option or a job parameter: an ISO-8601 instant
 * ({@code 2026-01-01T00:00:00Z}), read by Spring Boot's conversion service as properties are, or a
 * date ({@code 2026-01-01}) meaning its start in UTC. Failures are {@link IllegalArgumentException}s
 * naming the option or parameter and the value. Stateless.
 */
public final class InstantText {

    private InstantText() {
    }

    /**
     * @param name the option or parameter, as the message names it ({@code --before})
     * @throws IllegalArgumentException when {@code text} is neither an instant nor a date
     */
    public static Instant parse(String name, String text) {
        String trimmed = text.strip();
        try {
            if (trimmed.length() == 10 && trimmed.charAt(4) == '-') { // a date: its UTC start
                return LocalDate.parse(trimmed).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            if (trimmed.indexOf('T') > 0) { // not epoch millis nor an RFC 1123 date, which the service also reads
                return ApplicationConversionService.getSharedInstance().convert(trimmed, Instant.class);
            }
        } catch (ConversionException | DateTimeParseException e) {
            // fall through to the message naming the value
        }
        throw new IllegalArgumentException(name + " must be an instant like 2026-01-01T00:00:00Z or a date like"
                + " 2026-01-01, was '" + text + "'");
    }
}
