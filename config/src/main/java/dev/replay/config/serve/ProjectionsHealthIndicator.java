package dev.replay.config.serve;

import java.time.Instant;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code projections} component of {@code /actuator/health}: UP while every projection with a
 * live build is within {@code replay.serve.projections.max-lag-events} and {@code max-age}
 * ({@link ProjectionsHealth}), else the configured status ({@code OUT_OF_SERVICE} or {@code DOWN}),
 * with the failing projections, their lag or age and the limit in the details. Reads the cached
 * status (at most {@link ProjectionStatusCache#MAX_AGE} old). Thread-safe.
 */
class ProjectionsHealthIndicator implements HealthIndicator {

    private final ProjectionStatusCache statuses;
    private final ProjectionsHealth limits;
    private final Status failing;

    ProjectionsHealthIndicator(ProjectionStatusCache statuses, ProjectionStatusProperties properties) {
        this.statuses = statuses;
        this.limits = new ProjectionsHealth(properties.maxLagEvents(), properties.maxAge());
        this.failing = new Status(properties.healthStatus());
    }

    @Override
    public Health health() {
        ProjectionsHealth.Verdict verdict = limits.judge(statuses.current(), Instant.now());
        Health.Builder health = verdict.healthy() ? Health.up() : Health.status(failing);
        if (!verdict.healthy()) {
            health.withDetail("failing", verdict.failures());
        }
        return health.withDetail("neverBuilt", verdict.neverBuilt())
                .withDetail("maxLagEvents", limits.maxLagEvents() == null ? "none" : limits.maxLagEvents())
                .withDetail("maxAge", limits.maxAge() == null ? "none" : limits.maxAge().toString()).build();
    }
}
