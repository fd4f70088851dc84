package dev.replay.config.serve;

import dev.replay.config.InvalidConfigurationException;
import java.time.Duration;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How {@code serve} watches the projections, under {@code replay.serve.projections.*}.
 *
 * @param lagSampleInterval how often the lag of every projection is sampled for
 *                          {@code GET /api/projections/{name}/lag} (default 30s; the last
 *                          {@value ProjectionLagSamples#KEPT} samples are kept in memory)
 * @param maxLagEvents      the lag above which the {@code projections} health turns {@link #healthStatus}; unset: no limit
 * @param maxAge            the age of the last completed full rebuild or catch-up beyond which it turns so; unset: no limit
 * @param healthStatus      {@code OUT_OF_SERVICE} (default) or {@code DOWN}
 */
@ConfigurationProperties("replay.serve.projections")
public record ProjectionStatusProperties(Duration lagSampleInterval, Long maxLagEvents, Duration maxAge,
                                         String healthStatus) {

    static final String OUT_OF_SERVICE = "OUT_OF_SERVICE";
    static final String DOWN = "DOWN";

    public ProjectionStatusProperties {
        lagSampleInterval = lagSampleInterval == null ? Duration.ofSeconds(30) : lagSampleInterval;
        healthStatus = healthStatus == null || healthStatus.isBlank() ? OUT_OF_SERVICE
                : healthStatus.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        if (lagSampleInterval.isNegative() || lagSampleInterval.isZero()) {
            throw new InvalidConfigurationException("replay.serve.projections.lag-sample-interval must be positive, was "
                    + lagSampleInterval);
        }
        if (maxLagEvents != null && maxLagEvents < 0) {
            throw new InvalidConfigurationException("replay.serve.projections.max-lag-events must not be negative, was "
                    + maxLagEvents);
        }
        if (maxAge != null && (maxAge.isNegative() || maxAge.isZero())) {
            throw new InvalidConfigurationException("replay.serve.projections.max-age must be positive, was " + maxAge);
        }
        if (!healthStatus.equals(OUT_OF_SERVICE) && !healthStatus.equals(DOWN)) {
            throw new InvalidConfigurationException("replay.serve.projections.health-status must be OUT_OF_SERVICE or"
                    + " DOWN, was " + healthStatus);
        }
    }
}
