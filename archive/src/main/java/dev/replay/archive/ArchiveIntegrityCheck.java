package dev.replay.archive;

import dev.replay.archive.IntegrityReport.DayCount;
import dev.replay.readers.HotStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Checks the hot store and the archive together: every catalogued segment exists and reads back
 * with the catalog's row count, keys, byte size and checksum; no event id is stored twice across
 * the tiers; every aggregate's versions over both tiers are exactly 1..n; and counts events per
 * UTC day. Returns an {@link IntegrityReport}; it throws only when the check itself cannot run
 * (the database fails), never for what it finds.
 *
 * <p>How: one {@code REPEATABLE READ} transaction on one connection, so the catalog and the hot
 * store are seen as of one snapshot (archival moves events in the transaction that catalogues
 * their segment, so each event is in exactly one of the two). Each segment is read once: its
 * checksum and row count are computed while its (event id, aggregate, version) rows go by binary
 * {@code COPY} into a temporary table ({@link ArchiveScan}, {@link ArchivedEventTable});
 * PostgreSQL then answers the duplicate and continuity questions with a hash join, a hash
 * aggregate and one sort over {@code events UNION ALL} that table ({@link TierComparison}). A
 * segment that cannot be read to its end contributes no events, so the versions it held are
 * reported missing as well.
 *
 * <p>Read-only for the platform's data: it writes only its temporary table, which the rollback at
 * the end removes, and takes only the share locks of plain reads, which block neither appends,
 * archival nor rebuilds. Thread-safe: each run uses its own connection.
 */
public final class ArchiveIntegrityCheck {

    private static final Logger log = LoggerFactory.getLogger(ArchiveIntegrityCheck.class);

    /** Told how the check advances; called on the checking thread. */
    public interface Listener {

        /** {@code done} of {@code total} catalogued events read from segments so far. */
        default void archiveRead(long done, long total) {
        }

        /** The segments are read; PostgreSQL compares the tiers now. */
        default void comparing() {
        }
    }

    private final DataSource dataSource;
    private final HotStore hotStore;
    private final ArchiveFileSystems fileSystems;

    /** The check of the default {@code events} table and the archive. */
    public ArchiveIntegrityCheck(DataSource dataSource, ArchiveFileSystems fileSystems) {
        this(HotStore.of(dataSource), fileSystems);
    }

    /** The check of {@code hotStore} (on the primary) and the archive. */
    public ArchiveIntegrityCheck(HotStore hotStore, ArchiveFileSystems fileSystems) {
        this.hotStore = Objects.requireNonNull(hotStore, "hotStore");
        this.dataSource = hotStore.dataSource();
        this.fileSystems = Objects.requireNonNull(fileSystems, "fileSystems");
    }

    /**
     * Runs the check.
     *
     * @param maxProblems how many problems the report lists at most (all are counted)
     * @throws IllegalStateException when the database fails
     */
    public IntegrityReport run(int maxProblems, Listener listener) {
        IntegrityProblems problems = new IntegrityProblems(maxProblems);
        Objects.requireNonNull(listener, "listener");
        long start = System.nanoTime();
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            int isolation = connection.getTransactionIsolation();
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                return check(connection, problems, listener, start);
            } finally {
                connection.rollback(); // drops the temporary table; nothing else was written
                connection.setTransactionIsolation(isolation);
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Failed to verify the hot store and the archive: " + e.getMessage(), e);
        }
    }

    private IntegrityReport check(Connection connection, IntegrityProblems problems, Listener listener, long start)
            throws SQLException {
        JdbcTemplate jdbc = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
        jdbc.setFetchSize(10_000);
        // the snapshot starts with this query: catalog and hot store as of one moment
        List<ArchivedSegment> segments = new ArchiveCatalog(jdbc.getDataSource()).list();
        ArchiveScan scan;
        try (ArchivedEventTable table = ArchivedEventTable.create(connection)) {
            scan = new ArchiveScan(fileSystems.fileSystem(), table, problems);
            scan.run(segments, listener);
        }
        log.info("Verify. Read {} segments, {} events, in {} ms", segments.size(), scan.events(), millisSince(start));
        listener.comparing();
        TierComparison tiers = new TierComparison(jdbc, hotStore.on(jdbc.getDataSource()), segments.stream().map(s -> s.info().path()).toList(), problems);
        long phase = System.nanoTime();
        Map<LocalDate, Long> hotDays = tiers.hotEventsPerDay();
        tiers.findDuplicateEvents();
        long aggregates = tiers.checkVersions();
        log.info("Verify. Compared the tiers ({} aggregates) in {} ms", aggregates, millisSince(phase));
        long hot = hotDays.values().stream().mapToLong(Long::longValue).sum();
        Duration duration = Duration.ofNanos(System.nanoTime() - start);
        log.info("Verify. {} segments, {} archived and {} hot events, {} problems in {}", segments.size(),
                scan.events(), hot, problems.count(), duration);
        return new IntegrityReport(segments.size(), scan.catalogRows(), hot, scan.events(), aggregates,
                days(hotDays, scan.days(), segments), problems.first(), problems.count(), duration);
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private static TreeMap<LocalDate, DayCount> days(Map<LocalDate, Long> hot, Map<LocalDate, Long> archived,
                                                     List<ArchivedSegment> segments) {
        TreeMap<LocalDate, DayCount> days = new TreeMap<>();
        hot.forEach((day, n) -> add(days, day, new DayCount(n, 0, 0)));
        archived.forEach((day, n) -> add(days, day, new DayCount(0, n, 0)));
        segments.forEach(s -> add(days, s.info().partitionDate(), new DayCount(0, 0, s.info().rows())));
        return days;
    }

    private static void add(Map<LocalDate, DayCount> days, LocalDate day, DayCount count) {
        days.merge(day, count, (a, b) -> new DayCount(a.hot() + b.hot(), a.archived() + b.archived(),
                a.catalogued() + b.catalogued()));
    }
}
