package dev.replay.config.cli;

import dev.replay.config.InstantText;
import java.time.Instant;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads an instant or UTC date option ({@code 2026-01-01T00:00:00Z}, {@code 2026-01-01}) through
 * {@link InstantText}; picocli names the option in front of the message.
 */
final class InstantConverter implements ITypeConverter<Instant> {

    @Override
    public Instant convert(String value) {
        try {
            return InstantText.parse("", value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage().strip()); // picocli names the option before it
        }
    }
}
