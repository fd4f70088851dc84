package dev.replay.config.serve;

import dev.replay.archive.ArchiveFileSystems;
import dev.replay.archive.SegmentStorageException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health of the archive store: UP when its base location can be asked whether it exists (a
 * local directory, or an S3 bucket through S3A), DOWN when that fails or takes longer than
 * {@value #TIMEOUT_SECONDS} seconds (S3A retries for minutes before it gives up). Thread-safe.
 */
class ArchiveHealthIndicator implements HealthIndicator {

    static final int TIMEOUT_SECONDS = 5;

    private final ArchiveFileSystems fileSystems;

    ArchiveHealthIndicator(ArchiveFileSystems fileSystems) {
        this.fileSystems = fileSystems;
    }

    @Override
    public Health health() {
        String location = fileSystems.layout().toString();
        try {
            boolean exists = CompletableFuture.supplyAsync(this::baseExists).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return Health.up().withDetail("location", location).withDetail("exists", exists).build();
        } catch (TimeoutException e) {
            return Health.down().withDetail("location", location)
                    .withDetail("error", "no answer within " + TIMEOUT_SECONDS + "s").build();
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return Health.down().withDetail("location", location).withDetail("error", String.valueOf(cause.getMessage())).build();
        }
    }

    private boolean baseExists() {
        try {
            return fileSystems.baseExists();
        } catch (SegmentStorageException e) {
            throw e; // the store could not be opened: named as before
        } catch (java.io.UncheckedIOException e) {
            throw new java.io.UncheckedIOException(e.getCause()); // the store's own message, as before
        }
    }
}
