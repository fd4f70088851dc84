package dev.replay.readers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HighWaterMarkTest {

    @Test
    void roundTripsThroughItsTextForm() {
        HighWaterMark mark = new HighWaterMark(812, 7421);
        assertThat(mark.toString()).isEqualTo("812..7421");
        assertThat(HighWaterMark.parse("812..7421")).isEqualTo(mark);
    }

    @Test
    void catchUpStartsWhereThePreviousRunStopped() {
        HighWaterMark next = HighWaterMark.fullReplay(1000).catchUpTo(1500);
        assertThat(next).isEqualTo(new HighWaterMark(1000, 1500));
        assertThat(next.isCatchUp()).isTrue();
        assertThat(HighWaterMark.fullReplay(1000).isCatchUp()).isFalse();
    }

    @Test
    void refusesACatchUpThatGoesBackwards() {
        assertThatThrownBy(() -> HighWaterMark.fullReplay(1000).catchUpTo(900))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("previous upperXmin 1000, was 900");
    }

    @Test
    void rejectsBadValuesNamingThem() {
        assertThatThrownBy(() -> new HighWaterMark(0, 0)).hasMessage("upperXmin must be positive, was 0");
        assertThatThrownBy(() -> new HighWaterMark(11, 10)).hasMessage("lowerXmin must be between 0 and upperXmin 10, was 11");
        assertThatThrownBy(() -> HighWaterMark.parse("10-20")).hasMessageContaining("was 10-20");
        assertThatThrownBy(() -> HighWaterMark.parse("a..20")).hasMessageContaining("was a..20");
    }
}
