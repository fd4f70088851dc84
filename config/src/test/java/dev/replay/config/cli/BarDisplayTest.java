package dev.replay.config.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BarDisplayTest {

    private static final Pattern BAR = Pattern.compile(
            "replay +(\\d+)% \\[[=> ]+\\] (\\d+)/400000 events \\(\\d+:\\d\\d:\\d\\d / \\d+:\\d\\d:\\d\\d\\) (\\?|[\\d,]+) events/s");

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    @DisplayName("Issue 16: a step's bar redraws one line with its rate, elapsed time and ETA in h:mm:ss, and its last report ends the line")
    void aStepsBarRedrawsOneLineAndItsLastReportEndsIt() {
        // given
        Progress progress = new Progress(err, ProgressMode.BAR);

        // when
        progress.update("replay", 0, 400_000);
        progress.update("replay", 168_000, 400_000);
        progress.update("replay", 400_000, 400_000);
        progress.update("replay", 400_000, 400_000); // the step's finish repeats its last report

        // then
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).startsWith("\r").endsWith(System.lineSeparator()).doesNotContain("\tat ");
        List<String> draws = List.of(text.strip().split("\r"));
        assertThat(draws).allMatch(draw -> BAR.matcher(draw.strip()).matches(), "a bar: " + BAR)
                .allMatch(draw -> draw.length() < StderrTerminal.width(), "within the terminal's width");
        assertThat(draws.get(draws.size() - 1)).contains("replay 100% [").contains(" 400000/400000 events (");
        assertThat(text.chars().filter(c -> c == '\n')).hasSize(1); // one line, redrawn
    }

    @Test
    @DisplayName("Issue 16: a bar left open by a failing command is ended before the failure's line")
    void anOpenBarIsEndedBeforeTheFailuresLine() {
        // given
        Progress progress = new Progress(err, ProgressMode.BAR);
        progress.update("replay", 0, 400_000);
        progress.update("replay", 40_000, 400_000);

        // when
        BarDisplay.endAll();
        err.println("replay rebuild: failed");

        // then
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text.lines().toList()).last().isEqualTo("replay rebuild: failed");
        assertThat(text).contains(" 40000/400000 events (");
    }

    @Test
    @DisplayName("Issue 16: a step with nothing to do draws no bar, as it prints no line")
    void aStepWithNothingToDoDrawsNoBar() {
        // given
        Progress progress = new Progress(err, ProgressMode.BAR);

        // when: a catch-up with nothing new starts and finishes
        progress.update("replay", 0, 0);
        progress.update("replay", 0, 0);
        BarDisplay.endAll();

        // then
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
