package dev.replay.config;

import dev.replay.jobs.export.ExportSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Export settings under {@code replay.export.*}; see {@link ExportSettings} for their meaning.
 *
 * @param maxRate events read per second at most when {@code export} gets no {@code --max-rate};
 *                0 or unset for no limit
 */
@ConfigurationProperties("replay.export")
public record ExportProperties(Integer chunkSize, Integer pageSize, Long maxRate) {

    ExportSettings settings() {
        ExportSettings defaults = ExportSettings.DEFAULTS;
        return new ExportSettings(chunkSize == null ? defaults.chunkSize() : chunkSize,
                pageSize == null ? defaults.pageSize() : pageSize, maxRate == null ? defaults.maxRate() : maxRate);
    }
}
