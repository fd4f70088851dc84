package dev.replay.config.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replay.config.InvalidConfigurationException;
import dev.replay.config.ProjectionListing.Entry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The projections health's judgement of lag and age against the limits, and its properties. */
class ProjectionsHealthTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    private static Entry live(String name, Long lag, Instant lastCompletedAt, Instant liveSince) {
        return new Entry(name, "built-in", List.of(), true, 1L, liveSince, "0..10", lag, 0, lastCompletedAt, null, null,
                List.of());
    }

    private static Entry neverBuilt(String name) {
        return new Entry(name, "built-in", List.of(), true, null, null, null, null, 0, null, null, null, List.of());
    }

    @Nested
    class Judge {

        @Test
        @DisplayName("Issue 16: a projection whose lag passes max-lag-events fails, naming its lag and the limit")
        void lagAboveTheLimitFails() {
            // given
            ProjectionsHealth health = new ProjectionsHealth(5L, null);

            // when
            ProjectionsHealth.Verdict verdict = health.judge(List.of(live("a", 6L, NOW, NOW), live("b", 5L, NOW, NOW)), NOW);

            // then
            assertThat(verdict.healthy()).isFalse();
            assertThat(verdict.failures()).containsOnlyKeys("a");
            assertThat(verdict.failures().get("a")).isEqualTo(Map.of("lagEvents", 6L, "maxLagEvents", 5L));
        }

        @Test
        @DisplayName("Issue 16: a last success older than max-age fails; without a completed run the swap time counts")
        void ageAboveTheLimitFails() {
            // given
            ProjectionsHealth health = new ProjectionsHealth(null, Duration.ofHours(1));
            Entry old = live("old", 0L, NOW.minusSeconds(3601), NOW.minusSeconds(7200));
            Entry fresh = live("fresh", 1_000_000L, NOW.minusSeconds(3600), NOW.minusSeconds(7200));
            Entry purged = live("purged", 0L, null, NOW.minusSeconds(4000));

            // when
            ProjectionsHealth.Verdict verdict = health.judge(List.of(old, fresh, purged), NOW);

            // then
            assertThat(verdict.failures()).containsOnlyKeys("old", "purged");
            assertThat(verdict.failures().get("old")).containsEntry("ageSeconds", 3601L).containsEntry("maxAge", "PT1H")
                    .containsEntry("lastSuccess", NOW.minusSeconds(3601).toString());
            assertThat(verdict.failures().get("purged")).containsEntry("ageSeconds", 4000L);
        }

        @Test
        @DisplayName("Issue 16: projections never built are named, not failures, even with a max-age")
        void neverBuiltIsNotAFailure() {
            // given
            ProjectionsHealth health = new ProjectionsHealth(0L, Duration.ofSeconds(1));

            // when
            ProjectionsHealth.Verdict verdict = health.judge(List.of(neverBuilt("n"), live("a", 0L, NOW, NOW)), NOW);

            // then
            assertThat(verdict.healthy()).isTrue();
            assertThat(verdict.neverBuilt()).containsExactly("n");
        }

        @Test
        @DisplayName("Issue 16: without limits every projection is healthy")
        void noLimitsNoFailures() {
            assertThat(new ProjectionsHealth(null, null).judge(List.of(live("a", Long.MAX_VALUE, Instant.EPOCH, Instant.EPOCH)),
                    NOW).healthy()).isTrue();
        }
    }

    @Nested
    class Properties {

        @Test
        @DisplayName("Issue 16: replay.serve.projections defaults: 30s samples, no limits, OUT_OF_SERVICE")
        void defaults() {
            ProjectionStatusProperties properties = new ProjectionStatusProperties(null, null, null, null);

            assertThat(properties.lagSampleInterval()).isEqualTo(Duration.ofSeconds(30));
            assertThat(properties.maxLagEvents()).isNull();
            assertThat(properties.maxAge()).isNull();
            assertThat(properties.healthStatus()).isEqualTo("OUT_OF_SERVICE");
            assertThat(new ProjectionStatusProperties(null, null, null, "down").healthStatus()).isEqualTo("DOWN");
        }

        @Test
        @DisplayName("Issue 16: bad replay.serve.projections values are refused naming the property and the value")
        void badValuesAreRefused() {
            assertThatThrownBy(() -> new ProjectionStatusProperties(null, null, null, "UNKNOWN"))
                    .isInstanceOf(InvalidConfigurationException.class)
                    .hasMessage("replay.serve.projections.health-status must be OUT_OF_SERVICE or DOWN, was UNKNOWN");
            assertThatThrownBy(() -> new ProjectionStatusProperties(Duration.ZERO, null, null, null))
                    .hasMessage("replay.serve.projections.lag-sample-interval must be positive, was PT0S");
            assertThatThrownBy(() -> new ProjectionStatusProperties(null, -1L, null, null))
                    .hasMessage("replay.serve.projections.max-lag-events must not be negative, was -1");
            assertThatThrownBy(() -> new ProjectionStatusProperties(null, null, Duration.ofSeconds(-5), null))
                    .hasMessage("replay.serve.projections.max-age must be positive, was PT-5S");
        }
    }
}
