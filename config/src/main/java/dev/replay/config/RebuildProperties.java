package dev.replay.config;

import dev.replay.jobs.rebuild.RebuildSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Rebuild settings under {@code replay.rebuild.*}; see {@link RebuildSettings} for their meaning.
 * {@code skip-invalid} is {@code replay.skip-invalid}, shared by every replay.
 */
@ConfigurationProperties("replay.rebuild")
public record RebuildProperties(Integer chunkSize, Integer pageSize, Integer keepCopies, Integer partitionThreads,
                                Long flushEvents, Integer foldMaxHeld) {

    /**
     * @throws InvalidConfigurationException naming the property and its value when one is out of range
     */
    RebuildSettings settings(boolean skipInvalid) {
        RebuildSettings defaults = RebuildSettings.DEFAULTS;
        try {
            return new RebuildSettings(chunkSize == null ? defaults.chunkSize() : chunkSize,
                    pageSize == null ? defaults.pageSize() : pageSize, skipInvalid,
                    keepCopies == null ? defaults.keepCopies() : keepCopies,
                    partitionThreads == null ? defaults.partitionThreads() : partitionThreads,
                    flushEvents == null ? defaults.flushEvents() : flushEvents,
                    foldMaxHeld == null ? defaults.foldMaxHeld() : foldMaxHeld);
        } catch (IllegalArgumentException e) {
            // RebuildSettings names its component ("flushEvents must be ..."): say the property instead
            String message = e.getMessage();
            int space = message.indexOf(' ');
            String component = space < 0 ? message : message.substring(0, space);
            String property = "replay.rebuild." + component.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
            throw new InvalidConfigurationException(property + message.substring(component.length()), e);
        }
    }
}
