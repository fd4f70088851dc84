package dev.replay.readers.sample;

import dev.replay.readers.Event;
import dev.replay.readers.JdbcEventAppender;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;

/**
 * Appends the events of a {@link SeedSpec} through the producers' append path, in batches.
 *
 * <p>Generation runs on its own thread, one batch ahead of the database, so the JVM builds the
 * next batch while PostgreSQL stores the current one. Each batch commits on its own: a seed that
 * fails part-way keeps the batches before the failure, and a rerun of the same spec is refused
 * by the version constraint rather than doubling events.
 *
 * <p>Not thread-safe; one seeder runs one seed at a time.
 */
public class SampleEventSeeder {

    private static final List<Event> END = List.of();

    private final JdbcEventAppender appender;
    private final int batchSize;

    public SampleEventSeeder(JdbcEventAppender appender, int batchSize) {
        this.appender = Objects.requireNonNull(appender, "appender");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive, was " + batchSize);
        }
        this.batchSize = batchSize;
    }

    /**
     * Appends every event of the spec, reporting the running total after each batch.
     *
     * @return the number of events appended
     */
    public long seed(SeedSpec spec, LongConsumer progress) {
        BlockingQueue<List<Event>> batches = new ArrayBlockingQueue<>(2);
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Thread generator = new Thread(() -> generate(spec, batches, failure), "seed-generator");
        generator.setDaemon(true);
        generator.start();
        long appended = 0;
        try {
            for (List<Event> batch = batches.take(); batch != END; batch = batches.take()) {
                appender.append(batch);
                appended += batch.size();
                progress.accept(appended);
            }
            if (failure.get() != null) {
                throw new IllegalStateException("Failed to generate events after " + appended, failure.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Seed interrupted after " + appended + " events", e);
        } finally {
            generator.interrupt();
        }
        return appended;
    }

    private void generate(SeedSpec spec, BlockingQueue<List<Event>> batches, AtomicReference<RuntimeException> failure) {
        AccountEventGenerator events = new AccountEventGenerator(spec);
        try {
            generateInto(events, batches);
        } catch (RuntimeException e) {
            failure.set(e);
        }
        try {
            batches.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the consumer failed or gave up; stop generating
        }
    }

    private void generateInto(AccountEventGenerator events, BlockingQueue<List<Event>> batches) {
        try {
            while (events.hasNext()) {
                List<Event> batch = new ArrayList<>(batchSize);
                while (events.hasNext() && batch.size() < batchSize) {
                    batch.add(events.next());
                }
                batches.put(batch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the consumer failed or gave up; stop generating
        }
    }
}
