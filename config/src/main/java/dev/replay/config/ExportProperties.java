package dev.replay.config;

import dev.replay.jobs.export.ExportSettings;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Export settings under {@code replay.export.*}, bound through the constructor with the defaults of
 * {@link ExportSettings#DEFAULTS} and validated as they are bound; see {@link ExportSettings} for their
 * meaning. A value out of range fails the start naming the property and the value
 * ({@link PropertyViolations}).
 *
 * @param maxRate events read per second at most when {@code export} gets no {@code --max-rate};
 *                0 (the default) for no limit
 */
@Validated
@ConfigurationProperties("replay.export")
public record ExportProperties(
        @Positive(message = "must be positive") @DefaultValue("" + ExportSettings.DEFAULT_CHUNK_SIZE) int chunkSize,
        @Positive(message = "must be positive") @DefaultValue("" + ExportSettings.DEFAULT_PAGE_SIZE) int pageSize,
        @PositiveOrZero(message = "must not be negative") @DefaultValue("0") long maxRate) {

    ExportSettings settings() {
        return new ExportSettings(chunkSize, pageSize, maxRate);
    }
}
