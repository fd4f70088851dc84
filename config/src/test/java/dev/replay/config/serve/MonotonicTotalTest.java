package dev.replay.config.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MonotonicTotalTest {

    @Test
    @DisplayName("Issue 16: a metadata total that a purge lowers keeps its counter monotonic")
    void carriesWhatAPurgeDeletedOn() {
        // given
        AtomicLong sum = new AtomicLong(1_000);
        MonotonicTotal<AtomicLong> counter = new MonotonicTotal<>(AtomicLong::get);
        assertThat(counter.applyAsDouble(sum)).isEqualTo(1_000);

        // when: a purge deletes executions that read 700, then a run reads 50
        sum.set(300);
        double afterPurge = counter.applyAsDouble(sum);
        sum.set(350);

        // then
        assertThat(afterPurge).isEqualTo(1_000);
        assertThat(counter.applyAsDouble(sum)).isEqualTo(1_050);
    }
}
