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

    RebuildSettings settings(boolean skipInvalid) {
        RebuildSettings defaults = RebuildSettings.DEFAULTS;
        return new RebuildSettings(chunkSize == null ? defaults.chunkSize() : chunkSize,
                pageSize == null ? defaults.pageSize() : pageSize, skipInvalid,
                keepCopies == null ? defaults.keepCopies() : keepCopies,
                partitionThreads == null ? defaults.partitionThreads() : partitionThreads,
                flushEvents == null ? defaults.flushEvents() : flushEvents,
                foldMaxHeld == null ? defaults.foldMaxHeld() : foldMaxHeld);
    }
}
