package dev.replay.jobs.export;

import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.Objects;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Caps the rate at which a reader's items are taken, and so the rate at which a paged reader
 * queries its source: before each {@link #read} it takes one token from a Bucket4j token bucket
 * that refills {@code eventsPerSecond} tokens a second (greedily, spread over the second), waiting
 * for one when the bucket is empty. The bucket starts empty and holds at most one second's
 * tokens, so no window of time reads more than about its share plus one second's worth; a
 * paged reader fetches at most a page (plus its prefetched page) ahead of what was taken.
 *
 * <p>Restart: passes {@code open}, {@code update} and {@code close} to the delegate, whose state
 * it is; it has none of its own. Not thread-safe, like the readers it wraps.
 */
public final class RateLimitedItemReader<T> implements ItemStreamReader<T> {

    private final ItemStreamReader<T> delegate;
    private final Bucket bucket;
    private final BlockingStrategy waiting;

    RateLimitedItemReader(ItemStreamReader<T> delegate, long eventsPerSecond, TimeMeter clock, BlockingStrategy waiting) {
        if (eventsPerSecond < 1) {
            throw new IllegalArgumentException("eventsPerSecond must be positive, was " + eventsPerSecond);
        }
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.waiting = Objects.requireNonNull(waiting, "waiting");
        this.bucket = Bucket.builder()
                .addLimit(limit -> limit.capacity(eventsPerSecond).refillGreedy(eventsPerSecond, Duration.ofSeconds(1))
                        .initialTokens(0))
                .withCustomTimePrecision(clock)
                .build();
    }

    /** {@code delegate} taking at most {@code eventsPerSecond} items a second; {@code delegate} itself when 0. */
    public static <T> ItemStreamReader<T> of(ItemStreamReader<T> delegate, long eventsPerSecond) {
        if (eventsPerSecond < 0) {
            throw new IllegalArgumentException("eventsPerSecond must be 0 (no limit) or positive, was " + eventsPerSecond);
        }
        return eventsPerSecond == 0 ? delegate
                : new RateLimitedItemReader<>(delegate, eventsPerSecond, TimeMeter.SYSTEM_NANOTIME, BlockingStrategy.PARKING);
    }

    @Override
    public T read() throws Exception {
        try {
            bucket.asBlocking().consume(1, waiting);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the export's read rate", e);
        }
        return delegate.read();
    }

    @Override
    public void open(ExecutionContext executionContext) {
        delegate.open(executionContext);
    }

    @Override
    public void update(ExecutionContext executionContext) {
        delegate.update(executionContext);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
