package dev.replay.config;

import dev.replay.jobs.rebuild.RebuildSettings;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Rebuild settings under {@code replay.rebuild.*}, bound through the constructor with the defaults of
 * {@link RebuildSettings#DEFAULTS} and validated as they are bound; see {@link RebuildSettings} for
 * their meaning. A value out of range fails the start naming the property and the value
 * ({@link PropertyViolations}). {@code skip-invalid} is {@code replay.skip-invalid}, shared by every replay.
 */
@Validated
@ConfigurationProperties("replay.rebuild")
public record RebuildProperties(
        @Positive(message = "must be positive") @DefaultValue("" + RebuildSettings.DEFAULT_CHUNK_SIZE) int chunkSize,
        @Positive(message = "must be positive") @DefaultValue("" + RebuildSettings.DEFAULT_PAGE_SIZE) int pageSize,
        @PositiveOrZero(message = "must not be negative") @DefaultValue("" + RebuildSettings.DEFAULT_KEEP_COPIES)
        int keepCopies,
        @Positive(message = "must be positive") @DefaultValue("" + RebuildSettings.DEFAULT_PARTITION_THREADS)
        int partitionThreads,
        @Positive(message = "must be positive") @DefaultValue("" + RebuildSettings.DEFAULT_FLUSH_EVENTS)
        long flushEvents,
        @Positive(message = "must be positive") @DefaultValue("" + RebuildSettings.DEFAULT_FOLD_MAX_HELD)
        int foldMaxHeld) {

    RebuildSettings settings(boolean skipInvalid) {
        return new RebuildSettings(chunkSize, pageSize, skipInvalid, keepCopies, partitionThreads, flushEvents,
                foldMaxHeld);
    }
}
