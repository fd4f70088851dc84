package dev.replay.config.chaos;

import dev.replay.readers.Event;
import dev.replay.readers.JdbcEventAppender;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Producers as services run them: threads appending through the platform's append path
 * ({@link JdbcEventAppender}), each owning its accounts (some already in the hot store, some it
 * opens) and appending each account's versions in order, several accounts per batch. Times
 * follow one clock after the latest stored event, so every account's versions are in replay order.
 * Deterministic per producer; {@link #append} runs all producers at once.
 */
final class Producers implements AutoCloseable {

    private static final class Account {
        final String id;
        long lastVersion;

        Account(String id, long lastVersion) {
            this.id = id;
            this.lastVersion = lastVersion;
        }
    }

    private final JdbcEventAppender appender;
    private final List<List<Account>> accounts = new ArrayList<>();
    private final List<Random> randoms = new ArrayList<>();
    private final int[] next;
    private final Instant base;
    private final AtomicLong clock = new AtomicLong();
    private final AtomicLong appended = new AtomicLong();
    private final ExecutorService threads;

    /** {@code producers} producers sharing the open accounts of the hot store, each opening {@code newAccounts} more. */
    Producers(DataSource dataSource, int producers, int newAccounts) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        appender = new JdbcEventAppender(dataSource);
        base = jdbc.queryForObject("select max(occurred_at) from events", java.sql.Timestamp.class).toInstant()
                .plus(1, ChronoUnit.HOURS);
        for (int p = 0; p < producers; p++) {
            accounts.add(new ArrayList<>());
            randoms.add(new Random(42 + p));
            for (int n = 0; n < newAccounts; n++) {
                accounts.get(p).add(new Account("chaos-" + p + "-" + n, 0));
            }
        }
        List<Account> open = jdbc.query("select aggregate_id, max(version) from events where aggregate_type = 'Account'"
                + " group by aggregate_id having not bool_or(event_type = 'AccountClosed') order by aggregate_id",
                (rs, row) -> new Account(rs.getString(1), rs.getLong(2)));
        for (int i = 0; i < open.size(); i++) {
            accounts.get(i % producers).add(open.get(i));
        }
        next = new int[producers];
        threads = Executors.newFixedThreadPool(producers);
    }

    /** Each producer appends {@code events} events, all producers at once; returns when all are committed. */
    void append(int events) throws Exception {
        List<Callable<Void>> work = new ArrayList<>();
        for (int p = 0; p < accounts.size(); p++) {
            int producer = p;
            work.add(() -> {
                for (int done = 0; done < events; done += 5) {
                    appender.append(batch(producer, Math.min(5, events - done)));
                }
                return null;
            });
        }
        for (Future<Void> future : threads.invokeAll(work)) {
            future.get(); // an append that failed fails the test
        }
    }

    /** One event for each of the producer's next {@code size} accounts, in turn. */
    private List<Event> batch(int producer, int size) {
        List<Event> batch = new ArrayList<>(size);
        List<Account> own = accounts.get(producer);
        Random random = randoms.get(producer);
        for (int i = 0; i < size; i++) {
            Account account = own.get(next[producer]++ % own.size());
            long version = ++account.lastVersion;
            String type = version == 1 ? "AccountOpened" : random.nextInt(3) == 0 ? "Withdrawn" : "Deposited";
            String payload = version == 1 ? "{\"currency\": \"EUR\"}"
                    : "{\"amount\": " + (1 + random.nextInt(500)) + "." + (10 + random.nextInt(90)) + "}";
            batch.add(new Event(UUID.randomUUID(), "Account", account.id, version, type, payload,
                    base.plus(clock.incrementAndGet(), ChronoUnit.MILLIS)));
        }
        appended.addAndGet(size);
        return batch;
    }

    long appended() {
        return appended.get();
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
