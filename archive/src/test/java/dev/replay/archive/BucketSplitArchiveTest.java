package dev.replay.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replay.archive.testing.SampleEvents;
import dev.replay.readers.AggregatePartition;
import dev.replay.readers.BucketRange;
import dev.replay.readers.Event;
import dev.replay.readers.EventKey;
import dev.replay.readers.HighWaterMark;
import dev.replay.readers.HotStore;
import dev.replay.readers.JdbcEventAppender;
import dev.replay.readers.JdbcHighWaterMarks;
import dev.replay.readers.MergedEventReader;
import dev.replay.readers.ReadCounters;
import dev.replay.readers.builder.MergedEventReaderBuilder;
import dev.replay.readers.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * Issue 15, the archive's half of "partitions read only their share": an archive run splits a large
 * chunk of a day into one segment per bucket group, and a partition opens only its own.
 */
class BucketSplitArchiveTest {

    private static final Instant CUTOFF = SampleEvents.DAY_ONE.plus(Duration.ofDays(3));

    @TempDir
    Path dir;

    private TestDatabase database;
    private JdbcTemplate jdbc;
    private ArchiveCatalog catalog;
    private ArchiveFileSystems fileSystems;

    @BeforeEach
    void start() {
        database = TestDatabase.create();
        jdbc = new JdbcTemplate(database.dataSource());
        catalog = new ArchiveCatalog(database.dataSource());
        fileSystems = new ArchiveFileSystems(new ArchiveLayout(dir.resolve("archive").toUri()), null, dir.resolve("tmp"));
    }

    @AfterEach
    void close() {
        fileSystems.close();
        database.close();
    }

    private List<Event> seed(int count, int days, long seed) {
        List<Event> events = SampleEvents.sorted(count, days, seed);
        new JdbcEventAppender(database.dataSource()).append(events);
        return events;
    }

    private List<SegmentInfo> archive(int bucketFiles, int segmentMaxRows) {
        return archive(bucketFiles, segmentMaxRows, CUTOFF);
    }

    private List<SegmentInfo> archive(int bucketFiles, int segmentMaxRows, Instant cutoff) {
        SegmentArchiver archiver = new SegmentArchiver(HotStore.of(database.dataSource()), fileSystems, catalog,
                new DataSourceTransactionManager(database.dataSource()),
                new ArchiveSettings(segmentMaxRows, 1L << 30, 1_000, SegmentWriteOptions.defaults(), bucketFiles),
                ArchivalHooks.NONE);
        HighWaterMark mark = new JdbcHighWaterMarks(database.dataSource()).fullReplay();
        long before = jdbc.queryForObject("select count(*) from events where occurred_at < ?", Long.class,
                cutoff.atOffset(java.time.ZoneOffset.UTC));
        archiver.open("1", cutoff, mark, before);
        List<SegmentInfo> committed = new ArrayList<>();
        try {
            while (archiver.next(() -> { }, committed::add)) {
                // one chunk per call
            }
        } finally {
            archiver.close();
        }
        return committed;
    }

    private List<Event> readBack(SegmentInfo segment) {
        return readBack(fileSystems, segment);
    }

    private static List<Event> readBack(ArchiveFileSystems fileSystems, SegmentInfo segment) {
        List<Event> events = new ArrayList<>();
        try (ParquetSegmentReader reader = ParquetSegmentReader.open(fileSystems.fileSystem(),
                new org.apache.hadoop.fs.Path(segment.path()))) {
            for (Event event = reader.read(); event != null; event = reader.read()) {
                events.add(event);
            }
        }
        return events;
    }

    @Nested
    class Writing {

        @Test
        @DisplayName("Issue 15: a day of 20,000 events becomes eight segments, one per bucket group, each in replay order")
        void aLargeChunkBecomesOneSegmentPerBucketGroup() {
            // given
            List<Event> events = seed(20_000, 1, 3);

            // when
            List<SegmentInfo> segments = archive(8, 500_000);

            // then: groups 0-7, catalogued with their ranges, every event once and in its group's file
            assertThat(segments).extracting(SegmentInfo::buckets)
                    .containsExactlyElementsOf(IntStream.range(0, 8).mapToObj(g -> BucketRange.group(g, 8)).toList());
            assertThat(catalog.list()).extracting(s -> s.info().buckets()).containsExactlyInAnyOrderElementsOf(
                    segments.stream().map(SegmentInfo::buckets).toList());
            List<UUID> archived = new ArrayList<>();
            for (SegmentInfo segment : segments) {
                List<Event> read = readBack(segment);
                assertThat(read).hasSize((int) segment.rows()).isSortedAccordingTo(EventKey::compare)
                        .allMatch(e -> segment.buckets().contains(e.aggregateType(), e.aggregateId()));
                assertThat(segment.rows()).isBetween(1_600L, 3_400L); // an eighth of the day, give or take the hash
                read.forEach(e -> archived.add(e.eventId()));
            }
            assertThat(archived).containsExactlyInAnyOrderElementsOf(events.stream().map(Event::eventId).toList());
            assertThat(jdbc.queryForObject("select count(*) from events", Long.class)).isZero();
        }

        @Test
        @DisplayName("Issue 15: segment bounds still cut the chunk, and each chunk's segments are split alike")
        void theRowBoundCutsChunksThatAreSplitInTurn() {
            // given
            seed(60_000, 2, 5);

            // when: chunks of at most 18,000 events
            List<SegmentInfo> segments = archive(4, 18_000);

            // then
            assertThat(segments.stream().mapToLong(SegmentInfo::rows).sum()).isEqualTo(60_000);
            assertThat(segments).extracting(SegmentInfo::buckets).containsOnly(BucketRange.group(0, 4),
                    BucketRange.group(1, 4), BucketRange.group(2, 4), BucketRange.group(3, 4));
            assertThat(segments.size() % 4).isZero();
            assertThat(jdbc.queryForObject("select count(*) from events", Long.class)).isZero();
        }

        @ParameterizedTest(name = "{0} events")
        @ValueSource(ints = {1_000, 5_000, 9_000})
        @DisplayName("Issue 15: a smaller chunk is split into fewer groups of at least 2,048 events, one under 4,096 not at all")
        void aSmallChunkIsSplitLess(int events) {
            // given
            seed(events, 1, 7);

            // when
            List<SegmentInfo> segments = archive(8, 500_000);

            // then
            int groups = events < 4_096 ? 1 : events < 8_192 ? 2 : 4;
            assertThat(segments).hasSize(groups);
            assertThat(SegmentArchiver.groupsFor(events, 8)).isEqualTo(groups);
            assertThat(segments.stream().mapToLong(SegmentInfo::rows).sum()).isEqualTo(events);
        }

        @Test
        @DisplayName("Issue 15: with bucket-files 1 a chunk is one segment of every bucket, as before")
        void oneBucketFileIsTheOldLayout() {
            // given
            seed(20_000, 1, 9);

            // when
            List<SegmentInfo> segments = archive(1, 500_000);

            // then
            assertThat(segments).singleElement().extracting(SegmentInfo::buckets).isEqualTo(BucketRange.ALL);
        }

        @Test
        @DisplayName("Issue 15: every segment of a chunk, its day's directory and events/ are forced to disk before the chunk commits")
        void aChunksSegmentsAreForcedToDiskBeforeItsCommit() {
            // given
            seed(34_000, 2, 17);
            java.util.Set<java.nio.file.Path> forced = java.util.concurrent.ConcurrentHashMap.newKeySet();
            List<List<String>> unforcedAtCommit = new ArrayList<>();
            java.util.concurrent.atomic.AtomicInteger catalogued = new java.util.concurrent.atomic.AtomicInteger();
            ArchivalHooks hooks = new ArchivalHooks() {
                @Override
                public void beforeCommit() {
                    // inside the commit's transaction: the catalog rows are in, on this connection
                    List<String> unforced = catalog.list().stream().map(s -> s.info().path())
                            .filter(path -> !forced.contains(java.nio.file.Paths.get(java.net.URI.create(path)))).toList();
                    unforcedAtCommit.add(unforced);
                    catalogued.incrementAndGet();
                }
            };
            SegmentArchiver archiver = new SegmentArchiver(HotStore.of(database.dataSource()), fileSystems, catalog,
                    new DataSourceTransactionManager(database.dataSource()),
                    new ArchiveSettings(500_000, 1L << 30, 1_000, SegmentWriteOptions.defaults(), 8), hooks,
                    new SegmentDurability(forced::add));
            HighWaterMark mark = new JdbcHighWaterMarks(database.dataSource()).fullReplay();

            // when
            archiver.open("1", CUTOFF, mark, 34_000);
            List<SegmentInfo> committed = new ArrayList<>();
            try {
                while (archiver.next(() -> { }, committed::add)) {
                    // one chunk per call
                }
            } finally {
                archiver.close();
            }

            // then: two days of eight segments, each forced, with both day directories and events/
            assertThat(committed).hasSize(16);
            assertThat(catalogued).hasValue(2);
            assertThat(unforcedAtCommit).hasSize(2).allSatisfy(unforced -> assertThat(unforced).isEmpty());
            java.nio.file.Path events = dir.resolve("archive").resolve("events").toAbsolutePath();
            assertThat(forced).contains(events, events.resolve("date=2026-11-01"), events.resolve("date=2026-11-02"));
            assertThat(forced).hasSize(16 + 2 + 1);
        }

        @Test
        @DisplayName("Issue 15: a segment holding an event outside its buckets fails verification, naming it")
        void verificationCatchesAnEventOutsideTheBuckets() {
            // given: a file that claims group 0 of 8 but holds every aggregate
            List<Event> events = SampleEvents.oneDay(200, 11);
            org.apache.hadoop.fs.Path path = fileSystems.layout().segment(
                    ArchiveLayout.partitionDate(events.get(0).occurredAt()), "x", 0);
            SegmentInfo info;
            try (ParquetSegmentWriter writer = ParquetSegmentWriter.create(fileSystems.fileSystem(), path,
                    ArchiveLayout.partitionDate(events.get(0).occurredAt()), SegmentWriteOptions.defaults(), null,
                    BucketRange.group(0, 8))) {
                events.forEach(writer::write);
                info = writer.finish();
            }
            long outside = events.stream().filter(e -> !BucketRange.group(0, 8).contains(e.aggregateType(),
                    e.aggregateId())).count();

            // when / then
            assertThat(outside).isPositive();
            assertThatThrownBy(() -> ParquetSegmentReader.verify(fileSystems.fileSystem(), info))
                    .isInstanceOf(SegmentVerificationException.class)
                    .hasMessageContaining(path.getName())
                    .hasMessageContaining(outside + " events outside buckets 0-7, the first ");
        }
    }

    @Nested
    class Reading {

        private List<Event> all;

        @BeforeEach
        void archiveTwoDays() {
            // two split days archived, the third day in the hot store
            all = seed(51_000, 3, 13); // 17,000 a day: split eight ways
            archive(8, 500_000, SampleEvents.DAY_ONE.plus(Duration.ofDays(2)));
            assertThat(catalog.list()).hasSize(16);
        }

        private List<Event> read(AggregatePartition partition) {
            MergedEventReader reader = new MergedEventReaderBuilder().name("events").hotStore(HotStore.of(database.dataSource()))
                    .archive(new CatalogArchivedEvents(catalog, fileSystems)).partition(partition).pageSize(1_000)
                    .build();
            List<Event> read = new ArrayList<>();
            reader.open(new ExecutionContext());
            try {
                for (Event event = reader.read(); event != null; event = reader.read()) {
                    read.add(event);
                }
            } finally {
                reader.close();
            }
            return read;
        }

        private long archived() {
            return jdbc.queryForObject("select sum(rows) from archive_segment", Long.class);
        }

        @Test
        @DisplayName("Issue 15: a whole replay merges the segments of each key range back into replay order")
        void aWholeReplayMergesTheGroups() {
            // when
            List<Event> read = read(AggregatePartition.NONE);

            // then
            assertThat(read).extracting(Event::eventId).containsExactlyElementsOf(all.stream().map(Event::eventId).toList());
        }

        @ParameterizedTest(name = "{0} partitions")
        @ValueSource(ints = {2, 3, 4, 8})
        @DisplayName("Issue 15: range partitions decode only their buckets' segments and hold every event once")
        void rangePartitionsDecodeTheirShare(int count) {
            List<UUID> union = new ArrayList<>();
            try (ReadCounters counters = ReadCounters.start()) {
                // when
                for (int i = 0; i < count; i++) {
                    AggregatePartition partition = new AggregatePartition(i, count);
                    List<Event> read = read(partition);

                    // then: its aggregates, in replay order
                    assertThat(read).isSortedAccordingTo(EventKey::compare)
                            .allMatch(e -> partition.contains(e.aggregateType(), e.aggregateId()));
                    read.forEach(e -> union.add(e.eventId()));
                }
                // a count dividing 8 decodes each archived event once; 3 partitions read 10 of the 8
                // groups between them (two groups are shared), about 1.25 times
                double amplification = counters.total(ReadCounters.Tier.ARCHIVE) / (double) archived();
                assertThat(amplification).isLessThanOrEqualTo(8 % count == 0 ? 1.0 : 1.3).isGreaterThanOrEqualTo(1.0);
            }
            assertThat(union).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(all.stream().map(Event::eventId).toList());
        }

        @Test
        @DisplayName("Issue 15: a modulo partition (a run restarted from before the range split) opens every segment and keeps its own")
        void moduloPartitionsReadEverySegment() {
            List<UUID> union = new ArrayList<>();
            try (ReadCounters counters = ReadCounters.start()) {
                for (int i = 0; i < 4; i++) {
                    AggregatePartition partition = new AggregatePartition(i, 4, AggregatePartition.Scheme.MODULO);
                    List<Event> read = read(partition);
                    assertThat(read).isSortedAccordingTo(EventKey::compare)
                            .allMatch(e -> partition.contains(e.aggregateType(), e.aggregateId()));
                    read.forEach(e -> union.add(e.eventId()));
                }
                assertThat(counters.total(ReadCounters.Tier.ARCHIVE)).isEqualTo(4 * archived());
            }
            assertThat(union).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(all.stream().map(Event::eventId).toList());
        }

        @Test
        @DisplayName("Issue 15: a partition resumed mid-way reads the rest of its events once")
        void aResumedPartitionReadsTheRestOnce() {
            // given: partition 1 of 4 read 3,000 events, its position saved as a chunk commit would
            AggregatePartition partition = new AggregatePartition(1, 4);
            List<Event> expected = all.stream().filter(e -> partition.contains(e.aggregateType(), e.aggregateId())).toList();
            ExecutionContext context = new ExecutionContext();
            List<Event> read = new ArrayList<>();
            MergedEventReader first = reader(partition);
            first.open(context);
            for (int i = 0; i < 3_000; i++) {
                read.add(first.read());
            }
            first.update(context);
            first.close();

            // when
            MergedEventReader second = reader(partition);
            second.open(context);
            for (Event event = second.read(); event != null; event = second.read()) {
                read.add(event);
            }
            second.close();

            // then
            assertThat(read).extracting(Event::eventId).containsExactlyElementsOf(expected.stream().map(Event::eventId).toList());
        }

        private MergedEventReader reader(AggregatePartition partition) {
            return new MergedEventReaderBuilder().name("events").hotStore(HotStore.of(database.dataSource()))
                    .archive(new CatalogArchivedEvents(catalog, fileSystems)).partition(partition).pageSize(1_000).build();
        }
    }
}
