package dev.replay.config;

import jakarta.validation.constraints.Positive;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The platform's own settings under {@code replay.*}.
 *
 * @param dataDir where the embedded default keeps its PostgreSQL data (and, later, the local
 *                archive); used only when no {@code spring.datasource.url} is configured
 * @param seedBatchSize events per COPY batch when seeding
 * @param seedWriters connections that append seed batches at once
 * @param skipInvalid replays record events with malformed payloads in {@code replay_dead_letter}
 *                    and go on, instead of failing naming the event
 */
@Validated
@ConfigurationProperties("replay")
public record ReplayProperties(Path dataDir, @Positive(message = "must be positive") Integer seedBatchSize,
                               @Positive(message = "must be positive") Integer seedWriters, boolean skipInvalid) {

    public ReplayProperties {
        dataDir = dataDir == null ? Path.of("replay-data") : dataDir;
        seedBatchSize = seedBatchSize == null ? 10_000 : seedBatchSize;
        seedWriters = seedWriters == null ? 2 : seedWriters;
    }
}
