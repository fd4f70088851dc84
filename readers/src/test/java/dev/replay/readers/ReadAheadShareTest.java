package dev.replay.readers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Issue 15: N readers at once split one stream's read-ahead budget, bounded")
class ReadAheadShareTest {

    @Test
    void aSingleStreamKeepsTheWholeBuffer() {
        assertThat(ReadAheadShare.WHOLE.of(20_000)).isEqualTo(20_000);
        assertThat(ReadAheadShare.WHOLE.of(4096)).isEqualTo(4096);
    }

    @Test
    void nReadersTogetherHoldNoMoreThanOneStream() {
        for (int readers = 1; readers <= 16; readers++) {
            ReadAheadShare share = new ReadAheadShare(readers);
            assertThat((long) readers * share.of(20_000)).as("%d readers of 20,000-event pages", readers)
                    .isLessThanOrEqualTo(20_000);
            assertThat((long) readers * share.of(4096)).as("%d readers of 4,096-event batches", readers)
                    .isLessThanOrEqualTo(4096);
        }
        assertThat(new ReadAheadShare(4).of(20_000)).isEqualTo(5000);
        assertThat(new ReadAheadShare(4).of(4096)).isEqualTo(1024);
        assertThat(new ReadAheadShare(3).of(20_000)).isEqualTo(6666);
    }

    @Test
    void neverShrinksABufferBelowTheFloorNorGrowsOne() {
        assertThat(new ReadAheadShare(64).of(4096)).isEqualTo(ReadAheadShare.MIN_EVENTS);
        assertThat(new ReadAheadShare(4).of(100)).isEqualTo(100);
        assertThat(new ReadAheadShare(4).of(1)).isEqualTo(1);
    }

    @Test
    void rejectsNoReadersAndEmptyBuffersNamingTheValue() {
        assertThatThrownBy(() -> new ReadAheadShare(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("readers sharing the read-ahead must be positive, was 0");
        assertThatThrownBy(() -> ReadAheadShare.WHOLE.of(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("events per buffer must be positive, was 0");
    }
}
