package dev.replay.jobs.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.TimeMeter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/** The rate cap on a fake clock: waits are what the bucket asks for, never measured. */
class RateLimitedItemReaderTest {

    /** A clock that moves only when the reader waits. */
    static final class FakeTime implements TimeMeter, BlockingStrategy {
        long nanos;
        final List<Long> waits = new ArrayList<>();

        @Override
        public long currentTimeNanos() {
            return nanos;
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }

        @Override
        public void park(long nanosToPark) {
            waits.add(nanosToPark);
            nanos += nanosToPark;
        }
    }

    static final class ListReader implements ItemStreamReader<Integer> {
        final Iterator<Integer> items;
        final List<String> calls = new ArrayList<>();

        ListReader(int count) {
            items = IntStream.range(0, count).boxed().iterator();
        }

        @Override
        public Integer read() {
            return items.hasNext() ? items.next() : null;
        }

        @Override
        public void open(ExecutionContext context) {
            calls.add("open");
        }

        @Override
        public void update(ExecutionContext context) {
            calls.add("update");
        }

        @Override
        public void close() {
            calls.add("close");
        }
    }

    @Test
    void readingNItemsAtRateRTakesNOverRSecondsOfWaiting() throws Exception {
        // given
        FakeTime time = new FakeTime();
        RateLimitedItemReader<Integer> reader = new RateLimitedItemReader<>(new ListReader(1000), 100, time, time);

        // when
        List<Integer> read = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            read.add(reader.read());
        }

        // then
        assertThat(read).containsExactlyElementsOf(IntStream.range(0, 1000).boxed().toList());
        assertThat(time.nanos).isBetween(TimeUnit.MILLISECONDS.toNanos(9_990), TimeUnit.SECONDS.toNanos(10));
        assertThat(time.waits).hasSize(1000).allMatch(wait -> wait <= TimeUnit.MILLISECONDS.toNanos(10));
    }

    @Test
    void tokensSavedWhileTheWriterWasBusyAllowAtMostOneSecondsBurst() throws Exception {
        // given
        FakeTime time = new FakeTime();
        RateLimitedItemReader<Integer> reader = new RateLimitedItemReader<>(new ListReader(1000), 100, time, time);
        time.nanos = TimeUnit.SECONDS.toNanos(60); // a minute without reads

        // when
        for (int i = 0; i < 300; i++) {
            reader.read();
        }

        // then: 100 at once, the other 200 at the rate
        assertThat(time.waits).hasSize(200);
        assertThat(time.nanos - TimeUnit.SECONDS.toNanos(60)).isBetween(TimeUnit.MILLISECONDS.toNanos(1_990),
                TimeUnit.SECONDS.toNanos(2));
    }

    @Test
    void passesTheStreamCallsToTheDelegateWhoseStateItIs() {
        // given
        ListReader delegate = new ListReader(1);
        FakeTime time = new FakeTime();
        RateLimitedItemReader<Integer> reader = new RateLimitedItemReader<>(delegate, 10, time, time);

        // when
        reader.open(new ExecutionContext());
        reader.update(new ExecutionContext());
        reader.close();

        // then
        assertThat(delegate.calls).containsExactly("open", "update", "close");
    }

    @Test
    void noLimitIsTheDelegateItselfAndANegativeRateIsRefused() {
        ListReader delegate = new ListReader(1);
        assertThat(RateLimitedItemReader.of(delegate, 0)).isSameAs(delegate);
        assertThatThrownBy(() -> RateLimitedItemReader.of(delegate, -5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("eventsPerSecond").hasMessageContaining("-5");
    }
}
