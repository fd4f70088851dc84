package dev.replay.config.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.config.ProjectionListing.Entry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The in-memory lag samples behind {@code GET /api/projections/{name}/lag}. */
class ProjectionLagSamplesTest {

    private static final Instant T0 = Instant.parse("2026-12-06T12:00:00Z");

    private static Entry entry(String name, Long lag) {
        return new Entry(name, "built-in", List.of(), true, lag == null ? null : 1L, null, null, lag, 0, null, null, null,
                List.of());
    }

    @Test
    @DisplayName("Issue 16: lag samples keep the newest ones per projection, oldest first, and skip projections without a build")
    void keepsTheNewestSamplesOldestFirst() {
        // given
        ProjectionLagSamples samples = new ProjectionLagSamples(3);

        // when
        for (int i = 0; i < 5; i++) {
            samples.sample(List.of(entry("a", (long) i), entry("never", null)), T0.plusSeconds(i));
        }

        // then
        assertThat(samples.of("a")).containsExactly(new ProjectionLagSamples.Sample(T0.plusSeconds(2), 2),
                new ProjectionLagSamples.Sample(T0.plusSeconds(3), 3), new ProjectionLagSamples.Sample(T0.plusSeconds(4), 4));
        assertThat(samples.of("never")).isEmpty();
        assertThat(new ProjectionLagSamples().of("a")).isEmpty();
    }

    @Test
    @DisplayName("Issue 16: a failed lag sample is skipped, the sampler goes on")
    void aFailedSampleIsSkipped() {
        ProjectionLagSamples samples = new ProjectionLagSamples(3);

        samples.sampler(() -> {
            throw new IllegalStateException("database down");
        }).run();
        samples.sampler(() -> List.of(entry("a", 7L))).run();

        assertThat(samples.of("a")).extracting(ProjectionLagSamples.Sample::lagEvents).containsExactly(7L);
    }
}
