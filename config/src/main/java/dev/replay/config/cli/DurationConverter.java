package dev.replay.config.cli;

import dev.replay.config.DurationText;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a positive duration option ({@code 90d}, {@code 12h}, {@code PT12H}) with Spring Boot's
 * {@code DurationStyle} through {@link DurationText}; picocli names the option in front of the message.
 */
final class DurationConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        try {
            return DurationText.positive("", value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage().strip()); // picocli names the option before it
        }
    }
}
