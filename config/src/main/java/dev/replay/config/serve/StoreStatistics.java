package dev.replay.config.serve;

import dev.replay.archive.ArchiveCatalog;
import dev.replay.archive.ArchivedSegment;
import dev.replay.readers.HotStore;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The numbers the dashboard and the metrics show about the stores and the work done: hot-store
 * rows and bytes, archive partitions, events replayed and archived (from the Spring Batch
 * metadata, so they are the whole cluster's and survive restarts). Read in one go and kept for
 * {@value #MAX_AGE_SECONDS} seconds, so that dashboards and scrapes do not count the hot store
 * on every request. Thread-safe.
 */
class StoreStatistics {

    static final int MAX_AGE_SECONDS = 5;

    private static final String WORK_DONE = """
            select i.job_name, coalesce(sum(s.read_count), 0), coalesce(sum(s.write_count), 0)
              from batch_step_execution s
              join batch_job_execution e on e.job_execution_id = s.job_execution_id
              join batch_job_instance i on i.job_instance_id = e.job_instance_id
             where (i.job_name, s.step_name) in (('rebuild', 'replay'), ('export', 'export'), ('archive', 'archive'))
                or (i.job_name = 'rebuild' and s.step_name like 'replay-partition:%') -- not the manager, their sum
             group by i.job_name
            """;

    private final JdbcTemplate jdbc;
    private final ArchiveCatalog catalog;
    private final HotStore hotStore;
    private Snapshot snapshot;

    StoreStatistics(HotStore hotStore, ArchiveCatalog catalog) {
        this.hotStore = hotStore;
        this.jdbc = new JdbcTemplate(hotStore.dataSource());
        this.catalog = catalog;
    }

    /** The numbers, at most {@value #MAX_AGE_SECONDS} seconds old. */
    synchronized Snapshot current() {
        if (snapshot == null || snapshot.at().plusSeconds(MAX_AGE_SECONDS).isBefore(Instant.now())) {
            snapshot = read();
        }
        return snapshot;
    }

    private Snapshot read() {
        Map<String, long[]> work = new TreeMap<>();
        jdbc.query(WORK_DONE, rs -> {
            work.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
        });
        HotStore.Size hot = hotStore.size();
        List<ArchivedSegment> segments = catalog.list();
        List<Partition> partitions = segments.stream()
                .collect(Collectors.groupingBy(s -> s.info().partitionDate(), TreeMap::new, Collectors.toList()))
                .entrySet().stream().map(e -> new Partition(e.getKey(), e.getValue().size(),
                        e.getValue().stream().mapToLong(s -> s.info().rows()).sum(),
                        e.getValue().stream().mapToLong(s -> s.info().bytes()).sum()))
                .toList();
        return new Snapshot(Instant.now(), hot.events(), hot.bytes(), partitions,
                partitions.stream().mapToLong(Partition::rows).sum(), partitions.stream().mapToLong(Partition::bytes).sum(),
                segments.size(), work.getOrDefault("rebuild", new long[2])[0], work.getOrDefault("export", new long[2])[0],
                work.getOrDefault("archive", new long[2])[1]);
    }

    /** One archive partition (a UTC day): its segments, events and bytes. */
    record Partition(LocalDate date, int segments, long rows, long bytes) {
    }

    /**
     * @param eventsRebuilt  events read by rebuilds' replay steps, all executions; a partitioned rebuild's
     *                       partitions ({@code replay-partition:*}, local or remote) counted each once
     * @param eventsExported events read by exports
     * @param eventsArchived events moved into the archive by archive runs
     */
    record Snapshot(Instant at, long hotStoreRows, long hotStoreBytes, List<Partition> partitions, long archiveRows,
                    long archiveBytes, int archiveSegments, long eventsRebuilt, long eventsExported, long eventsArchived) {

        Duration age() {
            return Duration.between(at, Instant.now());
        }
    }
}
