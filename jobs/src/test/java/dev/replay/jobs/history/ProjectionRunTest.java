package dev.replay.jobs.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Durations and rates of a projection's rebuild execution. */
class ProjectionRunTest {

    private static final Instant T0 = Instant.parse("2026-12-06T12:00:00Z");

    private static ProjectionRun run(Instant start, Instant end, long events) {
        return new ProjectionRun(7, "p", "full", 2, "COMPLETED", start, end, events);
    }

    @Test
    @DisplayName("Issue 16: a run's duration and events per second, to now while it runs")
    void durationAndRate() {
        ProjectionRun ended = run(T0, T0.plusMillis(2500), 5000);
        assertThat(ended.durationSeconds(T0.plusSeconds(60))).isEqualTo(2.5);
        assertThat(ended.eventsPerSecond(T0.plusSeconds(60))).isEqualTo(2000.0);

        ProjectionRun running = run(T0, null, 300);
        assertThat(running.durationSeconds(T0.plusSeconds(3))).isEqualTo(3.0);
        assertThat(running.eventsPerSecond(T0.plusSeconds(3))).isEqualTo(100.0);
    }

    @Test
    @DisplayName("Issue 16: a run that never started or took no time has no duration or rate")
    void unknownDurationAndRate() {
        assertThat(run(null, null, 0).durationSeconds(T0)).isNull();
        assertThat(run(null, null, 0).eventsPerSecond(T0)).isNull();
        assertThat(run(T0, T0, 10).eventsPerSecond(T0)).isNull();
    }
}
