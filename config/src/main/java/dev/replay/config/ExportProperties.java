package dev.replay.config;

import static dev.replay.config.PropertyChecks.notNegative;
import static dev.replay.config.PropertyChecks.positive;

import dev.replay.jobs.export.ExportSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Export settings under {@code replay.export.*}, bound through the constructor with the defaults of
 * {@link ExportSettings#DEFAULTS} and checked as they are bound; see {@link ExportSettings} for their
 * meaning. A value out of range fails the binding with an {@link InvalidConfigurationException}
 * naming the property and the value.
 *
 * @param maxRate events read per second at most when {@code export} gets no {@code --max-rate};
 *                0 (the default) for no limit
 */
@ConfigurationProperties("replay.export")
public record ExportProperties(@DefaultValue("" + ExportSettings.DEFAULT_CHUNK_SIZE) int chunkSize,
                               @DefaultValue("" + ExportSettings.DEFAULT_PAGE_SIZE) int pageSize,
                               @DefaultValue("0") long maxRate) {

    public ExportProperties {
        positive("replay.export.chunk-size", chunkSize);
        positive("replay.export.page-size", pageSize);
        notNegative("replay.export.max-rate", maxRate);
    }

    ExportSettings settings() {
        return new ExportSettings(chunkSize, pageSize, maxRate);
    }
}
