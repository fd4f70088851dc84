package dev.replay.config.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ProgressTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    @DisplayName("Issue 13: the command line's progress of a job step starts with its first report and prints its last")
    void aJobStepsLastReportIsPrinted() {
        // given
        Progress progress = new Progress(err);

        // when
        progress.update("replay", 0, 1000);
        progress.update("replay", 10, 1000); // within two seconds of the start: quiet
        progress.update("replay", 1000, 1000);

        // then
        assertThat(lines()).hasSize(1).first().asString().startsWith("replay: 1,000 / 1,000 events (100%), ")
                .endsWith(" events/s, ETA 0s");
    }

    @Test
    @DisplayName("Issue 13: the command line's progress of a command's own work stays quiet within two seconds")
    void aCommandsWorkIsQuietWithinTwoSeconds() {
        // given
        Progress progress = new Progress(err, "seed", 1000);

        // when
        progress.update(1000);

        // then
        assertThat(lines()).isEmpty();
        assertThat(progress.rate(1000)).isPositive();
    }

    private java.util.List<String> lines() {
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
