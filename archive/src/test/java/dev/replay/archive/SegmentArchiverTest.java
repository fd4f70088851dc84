package dev.replay.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replay.archive.testing.SampleEvents;
import dev.replay.readers.Event;
import dev.replay.readers.HighWaterMark;
import dev.replay.readers.JdbcEventAppender;
import dev.replay.readers.JdbcHighWaterMarks;
import dev.replay.readers.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** The segment pipeline on the embedded database and local files: copy, verify, then commit. */
class SegmentArchiverTest {

    private static final Instant CUTOFF = SampleEvents.DAY_ONE.plus(Duration.ofDays(2));

    @TempDir
    Path dir;

    private TestDatabase database;
    private JdbcTemplate jdbc;
    private ArchiveCatalog catalog;
    private ArchiveFileSystems fileSystems;
    private final RecordingHooks hooks = new RecordingHooks();

    @BeforeEach
    void seed() {
        database = TestDatabase.create();
        jdbc = new JdbcTemplate(database.dataSource());
        catalog = new ArchiveCatalog(database.dataSource());
        fileSystems = new ArchiveFileSystems(new ArchiveLayout(dir.resolve("archive").toUri()), null, dir.resolve("tmp"));
        List<Event> events = SampleEvents.sorted(600, 3, 7);
        new JdbcEventAppender(database.dataSource()).append(events);
    }

    @AfterEach
    void close() {
        fileSystems.close();
        database.close();
    }

    private SegmentArchiver archiver(int segmentMaxRows) {
        return new SegmentArchiver(dev.replay.readers.HotStore.of(database.dataSource()), fileSystems, catalog,
                new DataSourceTransactionManager(database.dataSource()),
                new ArchiveSettings(segmentMaxRows, 1L << 30, 100, SegmentWriteOptions.defaults()), hooks);
    }

    private long eventsBefore(Instant cutoff) {
        return jdbc.queryForObject("select count(*) from events where occurred_at < ?", Long.class,
                cutoff.atOffset(ZoneOffset.UTC));
    }

    private long hotEvents() {
        return jdbc.queryForObject("select count(*) from events", Long.class);
    }

    /** Runs the archiver to the end; returns the segments in the order their commits were reported. */
    private List<SegmentInfo> archiveAll(SegmentArchiver archiver, String runId) {
        HighWaterMark mark = new JdbcHighWaterMarks(database.dataSource()).fullReplay();
        archiver.open(runId, CUTOFF, mark, eventsBefore(CUTOFF));
        List<SegmentInfo> committed = new ArrayList<>();
        try {
            while (archiver.next(() -> { }, segment -> {
                assertThat(Thread.currentThread().getName()).isNotEqualTo("archive-commit");
                committed.add(segment);
            })) {
                // one segment per call
            }
        } finally {
            archiver.close();
        }
        return committed;
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("archive"))) {
            return files.filter(path -> path.toString().endsWith(".parquet")).sorted().toList();
        }
    }

    @Test
    @DisplayName("Issue 13: the archiver moves every event before the cutoff into verified, catalogued segments")
    void movesEveryEventBeforeTheCutoff() {
        // given
        long before = eventsBefore(CUTOFF);
        long total = hotEvents();

        // when
        List<SegmentInfo> committed = archiveAll(archiver(70), "1");

        // then
        assertThat(committed).extracting(SegmentInfo::rows).allSatisfy(rows -> assertThat(rows).isBetween(1L, 70L));
        assertThat(committed.stream().mapToLong(SegmentInfo::rows).sum()).isEqualTo(before);
        assertThat(catalog.list()).extracting(ArchivedSegment::info).containsExactlyElementsOf(committed);
        assertThat(catalog.runTotals("1")).isEqualTo(new ArchiveCatalog.RunTotals(committed.size(), before));
        assertThat(hotEvents()).isEqualTo(total - before);
        assertThat(eventsBefore(CUTOFF)).isZero();
    }

    @Test
    @DisplayName("Issue 13: the archiver keeps at most one segment in flight: each commit starts after the previous one ended")
    void keepsOneSegmentInFlight() {
        // when
        List<SegmentInfo> committed = archiveAll(archiver(40), "1");

        // then
        assertThat(committed.size()).isGreaterThan(3);
        assertThat(hooks.writtenAheadOfCommits).allSatisfy(ahead -> assertThat(ahead).isLessThanOrEqualTo(2));
        assertThat(hooks.committedBeforeEachCommit)
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, committed.size()).boxed().toList());
    }

    @Test
    @DisplayName("Issue 13: a segment that fails verification commits nothing: no catalog row, no event leaves the hot store")
    void aFailedVerificationCommitsNothing() throws Exception {
        // given: the written file is cut short before it is read back
        long total = hotEvents();
        hooks.onWritten = () -> {
            try {
                for (Path file : segmentFiles()) {
                    Files.write(file, new byte[] {1, 2, 3});
                }
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        };

        // when / then
        assertThatThrownBy(() -> archiveAll(archiver(100_000), "1")).isInstanceOf(SegmentArchivalException.class)
                .hasMessageStartingWith("Failed to archive segment " + fileSystems.layout().base().getScheme() + ":")
                .hasMessageContaining("seg-");
        assertThat(catalog.list()).isEmpty();
        assertThat(hotEvents()).isEqualTo(total);
    }

    @Test
    @DisplayName("Issue 13: a commit that fails rolls back, and the restarted run continues the numbering without duplicates")
    void aFailedCommitRollsBackAndARestartFinishesTheRun() {
        // given: the third commit fails inside its transaction
        long before = eventsBefore(CUTOFF);
        long total = hotEvents();
        AtomicInteger commits = new AtomicInteger();
        hooks.onBeforeCommit = () -> {
            if (commits.incrementAndGet() == 3 && hooks.failing.get()) {
                throw new IllegalStateException("lost the archive lock");
            }
        };
        assertThatThrownBy(() -> archiveAll(archiver(50), "1")).isInstanceOf(SegmentArchivalException.class)
                .hasMessageContaining("lost the archive lock");
        ArchiveCatalog.RunTotals beforeRestart = catalog.runTotals("1");
        assertThat(beforeRestart.segments()).isEqualTo(2);
        assertThat(hotEvents()).isEqualTo(total - beforeRestart.rows());

        // when: the orphan is cleaned up and the run restarts
        hooks.failing.set(false);
        ArchiveStoreGuard guard = new ArchiveStoreGuard(fileSystems, () -> ArchiveStoreId.of(database.dataSource()));
        new ArchiveOrphanCleanup(fileSystems, catalog, guard).deleteOrphans();
        archiveAll(archiver(50), "1");

        // then
        assertThat(catalog.runTotals("1").rows()).isEqualTo(before);
        assertThat(hotEvents()).isEqualTo(total - before);
        assertThat(catalog.paths()).hasSize(catalog.list().size());
    }

    @Test
    @DisplayName("Issue 15: opening a run analyses a hot store that PostgreSQL has no statistics of, then moves exactly the events before the cutoff")
    void openAnalysesAFreshlyLoadedHotStore() {
        // given: the events appended by COPY, never analysed (autovacuum kept off so that none arrives)
        jdbc.execute("alter table events set (autovacuum_enabled = false)");
        assertThat(reltuples()).isEqualTo(-1);
        long before = eventsBefore(CUTOFF);
        long total = hotEvents();

        // when
        List<SegmentInfo> committed = archiveAll(archiver(70), "1");

        // then: analysed at open, before the first delete; the run itself is exact
        assertThat(reltuples()).isEqualTo(total);
        assertThat(jdbc.queryForObject("select last_analyze is not null from pg_stat_user_tables where relname = 'events'",
                Boolean.class)).isTrue();
        assertThat(committed.stream().mapToLong(SegmentInfo::rows).sum()).isEqualTo(before);
        assertThat(hotEvents()).isEqualTo(total - before);
        assertThat(eventsBefore(CUTOFF)).isZero();
    }

    private long reltuples() {
        return jdbc.queryForObject("select reltuples::bigint from pg_class where oid = 'events'::regclass", Long.class);
    }

    /** Records the pipeline's order at the hooks; lets a test act at them. */
    private static final class RecordingHooks implements ArchivalHooks {

        final List<Integer> writtenAheadOfCommits = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<Integer> committedBeforeEachCommit = new java.util.concurrent.CopyOnWriteArrayList<>();
        final AtomicBoolean failing = new AtomicBoolean(true);
        private final AtomicInteger written = new AtomicInteger();
        private final AtomicInteger committed = new AtomicInteger();
        volatile Runnable onWritten = () -> { };
        volatile Runnable onBeforeCommit = () -> { };

        @Override
        public void segmentWritten() {
            writtenAheadOfCommits.add(written.incrementAndGet() - committed.get());
            onWritten.run();
        }

        @Override
        public void beforeCommit() {
            committedBeforeEachCommit.add(committed.get());
            onBeforeCommit.run();
        }

        @Override
        public void segmentCommitted() {
            committed.incrementAndGet();
        }
    }
}
