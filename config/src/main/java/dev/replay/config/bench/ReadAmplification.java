package dev.replay.config.bench;

import dev.replay.readers.AggregatePartition;
import dev.replay.readers.HotStore;
import dev.replay.readers.ReadCounters;
import dev.replay.readers.ReadCounters.Tier;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code bench --partitions N}: what a partitioned rebuild read, per tier. Around the run it
 * counts ({@link ReadCounters}) the rows the hot store's page queries returned to each partition
 * (the partition filter is in their SQL, so only the partition's own rows come back) and the rows
 * each partition decoded from archive segments (before the partition filter, which is applied in
 * Java); and what PostgreSQL itself read from the events table: the delta of
 * {@code idx_tup_read} of the table's indexes ({@code pg_stat_user_indexes}) plus its
 * {@code seq_tup_read} ({@code pg_stat_user_tables}): index entries and heap rows scanned, the rows
 * the partition filter rejected too, over the run, every query on the table included.
 * Read amplification = rows read by all partitions / events in the tier. Counts only partitions
 * run in this JVM, not remote workers. Not thread-safe; one run per instance, between
 * {@link #start} and {@link #stop}.
 */
public final class ReadAmplification {

    /** Longer than a backend waits to flush its statistics when idle. */
    private static final long STABLE_NANOS = 10_500_000_000L;

    private final HotStore hotStore;
    private final JdbcTemplate jdbc;
    private ReadCounters counters;
    private long postgresBefore;
    private long postgresRead;

    public ReadAmplification(HotStore hotStore) {
        this.hotStore = hotStore;
        this.jdbc = new JdbcTemplate(hotStore.dataSource());
    }

    /**
     * Starts counting, once PostgreSQL's counters hold the work before (10 s or more, so call it
     * before the run's clock starts).
     */
    public void start() {
        postgresBefore = settledPostgresRows();
        counters = ReadCounters.start();
    }

    /** Stops counting, once PostgreSQL's counters hold the run's work (call it after the run's clock stops). */
    public void stop() {
        counters.close();
        postgresRead = settledPostgresRows() - postgresBefore;
    }

    /**
     * Prints, per tier, each partition's rows and the amplification; {@code hotEvents} and
     * {@code archivedEvents} are the tiers' events.
     */
    public void print(PrintStream out, int partitions, long hotEvents, long archivedEvents) {
        out.printf("%nRead by the rebuild in %d partitions (counted in this JVM):%n", partitions);
        tier(out, partitions, Tier.HOT, "hot store, rows its page queries returned (its buckets, or a filter in SQL)", hotEvents);
        if (hotEvents > 0) {
            out.printf("hot store, rows PostgreSQL read from %s (index entries + heap rows scanned: pg_stat_user_indexes"
                    + " idx_tup_read + pg_stat_user_tables seq_tup_read, whole run): %,d of %,d events%n",
                    hotStore.table(), postgresRead, hotEvents);
            out.printf("  read amplification (N=%d): %.2f   (hot store, rows PostgreSQL read)%n", partitions,
                    (double) postgresRead / hotEvents);
        }
        tier(out, partitions, Tier.ARCHIVE, "archive, rows each partition decoded (before the partition filter)",
                archivedEvents);
    }

    private void tier(PrintStream out, int partitions, Tier tier, String what, long events) {
        if (events == 0) {
            out.printf("%s: the tier is empty%n", what.substring(0, what.indexOf(',')));
            return;
        }
        Map<AggregatePartition, Long> rows = counters.rows(tier).entrySet().stream()
                .filter(entry -> entry.getKey().count() == partitions)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, Long::sum, LinkedHashMap::new));
        long sum = rows.values().stream().mapToLong(Long::longValue).sum();
        if (rows.isEmpty()) {
            // remote workers count in their own JVMs: a 0.00 here would read as a partition that read nothing
            out.printf("%s: not counted in this JVM (the partitions ran elsewhere)%n", what);
            return;
        }
        out.printf("%s: %s; sum %,d of %,d events%n", what, rows.entrySet().stream()
                .map(entry -> entry.getKey() + " " + String.format("%,d", entry.getValue()))
                .collect(Collectors.joining(", ")), sum, events);
        out.printf("  read amplification (N=%d): %.2f   (%s)%n", partitions, (double) sum / events,
                tier == Tier.HOT ? "hot store, rows returned" : "archive, rows decoded");
    }

    /**
     * PostgreSQL's counters once every backend has flushed the work so far. A backend flushes its
     * counters when it goes idle, but not twice within a second: then it retries after 10 s idle
     * (PostgreSQL's {@code PGSTAT_IDLE_INTERVAL}). So read until the sum has not changed for longer
     * than that (60 s at most).
     */
    private long settledPostgresRows() {
        long settled = postgresRows();
        long stableSince = System.nanoTime();
        long deadline = stableSince + 60_000_000_000L;
        while (System.nanoTime() - stableSince < STABLE_NANOS && System.nanoTime() < deadline) {
            LockSupport.parkNanos(500_000_000L);
            long now = postgresRows();
            if (now != settled) {
                settled = now;
                stableSince = System.nanoTime();
            }
        }
        return settled;
    }

    private long postgresRows() {
        String table = hotStore.table().sql();
        return jdbc.queryForList("select coalesce((select sum(idx_tup_read) from pg_stat_user_indexes"
                + " where relid = ?::text::regclass), 0) + coalesce((select seq_tup_read from pg_stat_user_tables"
                + " where relid = ?::text::regclass), 0)", Long.class, table, table)
                .stream().mapToLong(Long::longValue).sum();
    }
}
