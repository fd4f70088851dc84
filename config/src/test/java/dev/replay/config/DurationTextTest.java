package dev.replay.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replay.config.cli.CliRunner;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Issue 16: durations and instants parsed by Spring Boot's conversion")
class DurationTextTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"90d, PT2160H", "12h, PT12H", "30m, PT30M", "10s, PT10S", "500ms, PT0.5S", "PT12H, PT12H",
        "' 7d ', PT168H", "90, PT2160H"})
    @DisplayName("Issue 16: the forms accepted before (90d, 12h, 30m, PT12H) and Boot's others (ms; a bare number counts days)")
    void readsBootsDurationForms(String text, String expected) {
        assertThat(DurationText.positive("--older-than", text)).isEqualTo(Duration.parse(expected));
    }

    @Test
    @DisplayName("Issue 16: text that is no duration is refused naming the option and the value")
    void refusesNonDurations() {
        assertThatThrownBy(() -> DurationText.positive("older-than", "ninety days"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("older-than must be a duration like 90d, 12h, 30m or PT12H, was 'ninety days'");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"0d", "-5d", "PT0S"})
    @DisplayName("Issue 16: a duration that is not positive is refused naming the option and the value")
    void refusesNonPositiveDurations(String text) {
        assertThatThrownBy(() -> DurationText.positive("--older-than", text))
                .hasMessage("--older-than must be a positive duration, was '" + text + "'");
    }

    @Test
    @DisplayName("Issue 16: instants and UTC dates read as before; other text is refused naming the option")
    void readsInstantsAndDates() {
        assertThat(InstantText.parse("--before", "2026-03-01")).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
        assertThat(InstantText.parse("--before", "2026-03-01T10:15:30Z")).isEqualTo(Instant.parse("2026-03-01T10:15:30Z"));
        assertThatThrownBy(() -> InstantText.parse("--before", "1700000000000"))
                .hasMessage("--before must be an instant like 2026-01-01T00:00:00Z or a date like 2026-01-01,"
                        + " was '1700000000000'");
        assertThatThrownBy(() -> InstantText.parse("from", "2026-13-01")).hasMessageContaining("'2026-13-01'");
    }

    @Test
    @DisplayName("Issue 16: a bad --older-than exits 2 naming the option and the value, before any work")
    void commandLineRefusesABadDuration() {
        CliRunner.Result run = CliRunner.run("archive", "--older-than", "ninety days");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("'--older-than': must be a duration like 90d, 12h, 30m or PT12H,"
                + " was 'ninety days'").doesNotContain("Exception");
    }
}
