package dev.replay.readers.sample;

import dev.replay.readers.Event;
import dev.replay.readers.JdbcEventAppender;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;

/**
 * Appends the events of a {@link SeedSpec} through the producers' append path, in batches on
 * {@code writers} connections at once.
 *
 * <p>The calling thread generates batches while the writers store earlier ones, so the JVM and
 * several PostgreSQL backends work at the same time; at most two batches per writer are in
 * memory. Each batch commits on its own: a seed that fails part-way keeps the batches that
 * committed, stops generating, and reports the first failure; a rerun of the same spec is
 * refused by the hot store's constraints rather than doubling events.
 *
 * <p>Not thread-safe; one seeder runs one seed at a time.
 */
public class SampleEventSeeder {

    private final JdbcEventAppender appender;
    private final int batchSize;
    private final int writers;

    public SampleEventSeeder(JdbcEventAppender appender, int batchSize, int writers) {
        this.appender = Objects.requireNonNull(appender, "appender");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive, was " + batchSize);
        }
        if (writers < 1) {
            throw new IllegalArgumentException("writers must be positive, was " + writers);
        }
        this.batchSize = batchSize;
        this.writers = writers;
    }

    /**
     * Appends every event of the spec, reporting the running total of committed events.
     *
     * @return the number of events appended
     */
    public long seed(SeedSpec spec, LongConsumer progress) {
        ExecutorService pool = Executors.newFixedThreadPool(writers, r -> new Thread(r, "seed-writer"));
        Semaphore inFlight = new Semaphore(2 * writers);
        AtomicLong appended = new AtomicLong();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        AccountEventGenerator events = new AccountEventGenerator(spec);
        try {
            while (events.hasNext() && failure.get() == null) {
                List<Event> batch = nextBatch(events);
                inFlight.acquire();
                pool.execute(() -> {
                    try {
                        appender.append(batch);
                        appended.addAndGet(batch.size());
                    } catch (RuntimeException e) {
                        failure.compareAndSet(null, e);
                    } finally {
                        inFlight.release();
                    }
                });
                progress.accept(appended.get());
            }
            pool.shutdown();
            pool.awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Seed interrupted after " + appended.get() + " events", e);
        } finally {
            pool.shutdownNow();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        progress.accept(appended.get());
        return appended.get();
    }

    private List<Event> nextBatch(AccountEventGenerator events) {
        List<Event> batch = new ArrayList<>(batchSize);
        while (events.hasNext() && batch.size() < batchSize) {
            batch.add(events.next());
        }
        return batch;
    }
}
