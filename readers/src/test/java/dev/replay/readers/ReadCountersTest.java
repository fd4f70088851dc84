package dev.replay.readers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.readers.ReadCounters.Tier;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ReadCountersTest {

    @Test
    @DisplayName("Issue 15: read counters count per tier and partition only while started, nothing otherwise")
    void countPerTierAndPartitionWhileStarted() {
        // given: off, a reader gets no counter
        assertThat(ReadCounters.counter(Tier.HOT, AggregatePartition.NONE)).isNull();
        ReadCounters counters = ReadCounters.start();
        try {
            // when
            ReadCounters.counter(Tier.HOT, new AggregatePartition(1, 2)).add(5);
            ReadCounters.counter(Tier.HOT, new AggregatePartition(0, 2)).add(3);
            ReadCounters.counter(Tier.HOT, new AggregatePartition(1, 2)).add(2);
            ReadCounters.counter(Tier.ARCHIVE, new AggregatePartition(0, 2)).add(7);
        } finally {
            counters.close();
        }

        // then: by partition index; stopped, no counter is handed out, and the counts stay
        assertThat(counters.rows(Tier.HOT)).containsExactly(Map.entry(new AggregatePartition(0, 2), 3L),
                Map.entry(new AggregatePartition(1, 2), 7L));
        assertThat(counters.total(Tier.HOT)).isEqualTo(10);
        assertThat(counters.total(Tier.ARCHIVE)).isEqualTo(7);
        assertThat(ReadCounters.counter(Tier.ARCHIVE, AggregatePartition.NONE)).isNull();
    }
}
