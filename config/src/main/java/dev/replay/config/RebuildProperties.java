package dev.replay.config;

import static dev.replay.config.PropertyChecks.notNegative;
import static dev.replay.config.PropertyChecks.positive;

import dev.replay.jobs.rebuild.RebuildSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Rebuild settings under {@code replay.rebuild.*}, bound through the constructor with the defaults of
 * {@link RebuildSettings#DEFAULTS} and checked as they are bound; see {@link RebuildSettings} for
 * their meaning. A value out of range fails the binding with an {@link InvalidConfigurationException}
 * naming the property and the value. {@code skip-invalid} is {@code replay.skip-invalid}, shared by
 * every replay.
 */
@ConfigurationProperties("replay.rebuild")
public record RebuildProperties(@DefaultValue("" + RebuildSettings.DEFAULT_CHUNK_SIZE) int chunkSize,
                                @DefaultValue("" + RebuildSettings.DEFAULT_PAGE_SIZE) int pageSize,
                                @DefaultValue("" + RebuildSettings.DEFAULT_KEEP_COPIES) int keepCopies,
                                @DefaultValue("" + RebuildSettings.DEFAULT_PARTITION_THREADS) int partitionThreads,
                                @DefaultValue("" + RebuildSettings.DEFAULT_FLUSH_EVENTS) long flushEvents,
                                @DefaultValue("" + RebuildSettings.DEFAULT_FOLD_MAX_HELD) int foldMaxHeld) {

    public RebuildProperties {
        positive("replay.rebuild.chunk-size", chunkSize);
        positive("replay.rebuild.page-size", pageSize);
        notNegative("replay.rebuild.keep-copies", keepCopies);
        positive("replay.rebuild.partition-threads", partitionThreads);
        positive("replay.rebuild.flush-events", flushEvents);
        positive("replay.rebuild.fold-max-held", foldMaxHeld);
    }

    RebuildSettings settings(boolean skipInvalid) {
        return new RebuildSettings(chunkSize, pageSize, skipInvalid, keepCopies, partitionThreads, flushEvents,
                foldMaxHeld);
    }
}
