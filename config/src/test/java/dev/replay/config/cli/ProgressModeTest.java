package dev.replay.config.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replay.config.InvalidConfigurationException;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ProgressModeTest {

    private static final BooleanSupplier TERMINAL = () -> true;
    private static final BooleanSupplier NOT_A_TERMINAL = () -> false;
    private static final BooleanSupplier NOT_ASKED = () -> {
        throw new AssertionError("asked whether stderr is a terminal");
    };

    @Test
    @DisplayName("Issue 16: auto shows a bar when the process's stderr is a terminal, plain lines when it is not")
    void autoIsABarOnATerminalAndLinesOtherwise() {
        assertThat(ProgressMode.AUTO.resolve(true, TERMINAL, "xterm-256color")).isEqualTo(ProgressMode.BAR);
        assertThat(ProgressMode.AUTO.resolve(true, NOT_A_TERMINAL, "xterm-256color")).isEqualTo(ProgressMode.LINES);
        assertThat(ProgressMode.AUTO.resolve(true, TERMINAL, null)).isEqualTo(ProgressMode.BAR);
    }

    @Test
    @DisplayName("Issue 16: auto prints lines on a dumb terminal and on a stream other than the process's stderr")
    void autoIsLinesOnADumbTerminalOrAnotherStream() {
        assertThat(ProgressMode.AUTO.resolve(true, NOT_ASKED, "dumb")).isEqualTo(ProgressMode.LINES);
        assertThat(ProgressMode.AUTO.resolve(false, NOT_ASKED, "xterm")).isEqualTo(ProgressMode.LINES);
    }

    @Test
    @DisplayName("Issue 16: replay.progress=bar|lines|none forces the mode without asking the terminal")
    void aConfiguredModeIsKept() {
        assertThat(ProgressMode.parse("bar").resolve(false, NOT_ASKED, "dumb")).isEqualTo(ProgressMode.BAR);
        assertThat(ProgressMode.parse(" LINES ").resolve(true, NOT_ASKED, "xterm")).isEqualTo(ProgressMode.LINES);
        assertThat(ProgressMode.parse("none").resolve(true, NOT_ASKED, "xterm")).isEqualTo(ProgressMode.NONE);
        assertThat(ProgressMode.parse(null)).isEqualTo(ProgressMode.AUTO);
        assertThat(ProgressMode.parse("")).isEqualTo(ProgressMode.AUTO);
    }

    @Test
    @DisplayName("Issue 16: an unknown replay.progress is refused naming the property, the choices and the value")
    void anUnknownModeIsRefused() {
        assertThatThrownBy(() -> ProgressMode.parse("fancy")).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("replay.progress must be one of [auto, bar, lines, none], was 'fancy'");
    }
}
