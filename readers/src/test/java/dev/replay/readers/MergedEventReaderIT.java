package dev.replay.readers;

import static dev.replay.readers.HotStoreFixture.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replay.readers.builder.MergedEventReaderBuilder;
import dev.replay.readers.sample.AccountEventGenerator;
import dev.replay.readers.sample.SeedSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * The merged reader over an archive of sorted segments and a real hot store: one stream in replay
 * order, each event once, one restart position across the archive/hot boundary.
 */
class MergedEventReaderIT {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private HotStoreFixture store;
    private List<Event> all;
    private InMemoryArchive archive;

    @BeforeEach
    void seed() {
        store = new HotStoreFixture();
        all = new ArrayList<>();
        new AccountEventGenerator(new SeedSpec(1_500, 40, 6, 31, START)).forEachRemaining(all::add);
        all.sort(EventKey::compare);
    }

    @AfterEach
    void close() {
        store.close();
    }

    /**
     * The first 60% archived in day-like segments of 150 and one late segment overlapping two of
     * them; the rest, plus 5 events also archived, in the hot store.
     */
    private void archiveSixtyPercent() {
        int cut = all.size() * 6 / 10;
        List<Event> archived = all.subList(0, cut);
        List<Event> late = new ArrayList<>();
        List<Event> onTime = new ArrayList<>();
        for (int i = 0; i < archived.size(); i++) {
            (i >= 200 && i < 500 && i % 7 == 0 ? late : onTime).add(archived.get(i));
        }
        archive = new InMemoryArchive();
        for (int from = 0; from < onTime.size(); from += 150) {
            archive.segment("seg-" + from, onTime.subList(from, Math.min(onTime.size(), from + 150)));
        }
        archive.segment("seg-late", late);
        List<Event> hot = new ArrayList<>(all.subList(cut - 5, all.size())); // 5 in both tiers
        store.appender.append(hot);
    }

    private MergedEventReader reader(EventFilter filter) {
        return new MergedEventReaderBuilder().name("events").dataSource(store.database.dataSource())
                .archive(archive).filter(filter).pageSize(97).build();
    }

    private static List<Event> readAll(MergedEventReader reader, ExecutionContext context) {
        reader.open(context);
        try {
            List<Event> events = new ArrayList<>();
            for (Event event = reader.read(); event != null; event = reader.read()) {
                events.add(event);
            }
            return events;
        } finally {
            reader.close();
        }
    }

    @Nested
    class Merging {

        @Test
        void emitsArchiveAndHotStoreAsOneStreamInReplayOrderEachEventOnce() {
            // given
            archiveSixtyPercent();

            // when
            List<Event> read = readAll(reader(EventFilter.ALL), new ExecutionContext());

            // then
            assertThat(ids(read)).isEqualTo(ids(all));
        }

        @Test
        void opensSegmentsLazilyAndOnlyWhileTheyOverlap() {
            // given
            archiveSixtyPercent();
            MergedEventReader reader = reader(EventFilter.ALL);
            reader.open(new ExecutionContext());

            // when
            for (int i = 0; i < 10; i++) {
                reader.read();
            }
            int openedEarly = archive.opened;
            while (reader.read() != null) {
                // drain
            }
            reader.close();

            // then
            assertThat(openedEarly).isEqualTo(2); // the first segment, and the next one opened ahead
            assertThat(archive.mostOpen).isEqualTo(3); // a day segment, the late one, the next one ahead
            assertThat(archive.openNow).isZero();
        }

        @Test
        void appliesTheFilterToBothTiers() {
            // given
            archiveSixtyPercent();
            EventFilter deposits = new EventFilter(START.plusSeconds(86_400), START.plusSeconds(4 * 86_400),
                    Set.of(), Set.of("Deposited"), Set.of());

            // when
            List<Event> read = readAll(reader(deposits), new ExecutionContext());

            // then
            assertThat(read).isNotEmpty();
            assertThat(ids(read)).isEqualTo(ids(all.stream().filter(deposits::matches).toList()));
        }

        @Test
        void readsTheHotStoreAloneWithoutAnArchive() {
            // given
            store.appender.append(all);
            archive = new InMemoryArchive();

            // when
            List<Event> read = readAll(reader(EventFilter.ALL), new ExecutionContext());

            // then
            assertThat(ids(read)).isEqualTo(ids(all));
        }
    }

    @Nested
    class Restart {

        @Test
        void resumesAtEveryCheckpointWithoutRepeatingOrLosingAnEvent() {
            // given
            archiveSixtyPercent();
            int boundary = all.size() * 6 / 10;
            TreeSet<Integer> checkpoints = new TreeSet<>(List.of(0, 1, 149, 150, 151, 333, boundary - 6, boundary - 5,
                    boundary - 1, boundary, boundary + 1, boundary + 96, all.size() - 1, all.size()));

            for (int checkpoint : checkpoints) {
                // when: a chunk ending at the checkpoint commits, the next one fails, the job restarts
                ExecutionContext context = new ExecutionContext();
                MergedEventReader first = reader(EventFilter.ALL);
                first.open(context);
                List<Event> read = new ArrayList<>();
                for (int i = 0; i < checkpoint; i++) {
                    read.add(first.read());
                }
                first.update(context);
                for (int i = 0; i < 37 && first.read() != null; i++) {
                    // read past the checkpoint, never committed
                }
                first.close();
                read.addAll(readAll(reader(EventFilter.ALL), context));

                // then
                assertThat(ids(read)).as("restart after %d events", checkpoint).isEqualTo(ids(all));
            }
        }

        @Test
        @DisplayName("Issue 12 defect 5: a gap whose earlier versions precede the restart position fails the restarted run")
        void aGapAcrossTheRestartPositionFailsTheRestartedRunNamingTheAggregate() {
            // given: a version lost in the hot store; its aggregate's earlier versions are archived
            archiveSixtyPercent();
            int cut = all.size() * 6 / 10;
            Event lost = all.stream().skip(cut).filter(e -> e.version() > 1 && hasNext(e)).findFirst().orElseThrow();
            store.jdbc.update("delete from events where event_id = ?", lost.eventId());
            // a first run committed every event before the lost one, then failed at the gap
            int before = all.indexOf(lost);
            ExecutionContext context = new ExecutionContext();
            MergedEventReader first = reader(EventFilter.ALL);
            first.open(context);
            for (int i = 0; i < before; i++) {
                first.read();
            }
            first.update(context);
            first.close();

            // when
            MergedEventReader restarted = reader(EventFilter.ALL);
            restarted.open(context);

            // then
            assertThatThrownBy(() -> {
                while (restarted.read() != null) {
                    // read up to the gap
                }
            }).isInstanceOf(VersionContinuityException.class)
                    .hasMessageContaining("Version gap in aggregate " + lost.aggregateType() + "/" + lost.aggregateId()
                            + ": expected version " + lost.version() + ", found " + (lost.version() + 1));
            restarted.close();
        }

        @Test
        @DisplayName("Issue 12 defect 5: a partitioned restart re-checks only its partition's prefix and still finds the gap")
        void aPartitionedRestartFindsTheGapOfItsPartition() {
            // given
            archiveSixtyPercent();
            int cut = all.size() * 6 / 10;
            Event lost = all.stream().skip(cut).filter(e -> e.version() > 1 && hasNext(e)).findFirst().orElseThrow();
            store.jdbc.update("delete from events where event_id = ?", lost.eventId());
            AggregatePartition partition = java.util.stream.IntStream.range(0, 3)
                    .mapToObj(i -> new AggregatePartition(i, 3))
                    .filter(p -> p.contains(lost.aggregateType(), lost.aggregateId())).findFirst().orElseThrow();
            EventFilter filter = EventFilter.ALL.withPartition(partition);
            long before = all.stream().limit(all.indexOf(lost)).filter(filter::matches).count();
            ExecutionContext context = new ExecutionContext();
            MergedEventReader first = reader(filter);
            first.open(context);
            for (long i = 0; i < before; i++) {
                first.read();
            }
            first.update(context);
            first.close();

            // when
            MergedEventReader restarted = reader(filter);
            restarted.open(context);

            // then
            assertThatThrownBy(() -> {
                while (restarted.read() != null) {
                    // read up to the gap
                }
            }).isInstanceOf(VersionContinuityException.class).hasMessageContaining(lost.aggregateId());
            restarted.close();
        }

        private boolean hasNext(Event event) {
            return all.stream().anyMatch(e -> e.aggregateId().equals(event.aggregateId())
                    && e.aggregateType().equals(event.aggregateType()) && e.version() == event.version() + 1);
        }

        @Test
        void aChunkSpanningTheArchiveHotBoundaryResumesExactlyAfterItsLastEvent() {
            // given: a chunk that began in the archive and ended in the hot store committed
            archiveSixtyPercent();
            int boundary = all.size() * 6 / 10;
            ExecutionContext context = new ExecutionContext();
            MergedEventReader first = reader(EventFilter.ALL);
            first.open(context);
            for (int i = 0; i < boundary + 3; i++) {
                first.read();
            }
            first.update(context);
            first.close();

            // when
            List<Event> rest = readAll(reader(EventFilter.ALL), context);

            // then
            assertThat(context.getString("events.start.after")).isEqualTo(all.get(boundary + 2).key().toString());
            assertThat(ids(rest)).isEqualTo(ids(all.subList(boundary + 3, all.size())));
        }
    }

    @Nested
    class Failures {

        @Test
        void aMissingSegmentStopsTheReadNamingIt() {
            // given
            archiveSixtyPercent();
            archive.missing("seg-300");
            MergedEventReader reader = reader(EventFilter.ALL);
            reader.open(new ExecutionContext());

            // when / then
            assertThatThrownBy(() -> {
                while (reader.read() != null) {
                    // read up to the missing segment
                }
            }).hasMessageContaining("seg-300");
            reader.close();
        }

        @Test
        void refusesToHoldMoreOverlappingSegmentsThanItsLimit() {
            // given
            archiveSixtyPercent();
            MergedEventReader reader = new MergedEventReaderBuilder().name("events")
                    .dataSource(store.database.dataSource()).archive(archive).maxOpenSegments(1).build();
            reader.open(new ExecutionContext());

            // when / then
            assertThatThrownBy(() -> {
                while (reader.read() != null) {
                    // read up to the late segment
                }
            }).hasMessageContaining("seg-late").hasMessageContaining("more than 1 segments open");
            reader.close();
        }

        @Test
        void reportsAVersionGapAcrossTiers() {
            // given: one version of an aggregate lost between archive and hot store
            archiveSixtyPercent();
            int cut = all.size() * 6 / 10;
            Event lost = all.stream().skip(cut).filter(e -> e.version() > 1).findFirst().orElseThrow();
            store.jdbc.update("delete from events where event_id = ?", lost.eventId());

            // when / then
            MergedEventReader reader = reader(EventFilter.ALL);
            reader.open(new ExecutionContext());
            assertThatThrownBy(() -> {
                while (reader.read() != null) {
                    // read up to the gap
                }
            }).isInstanceOf(VersionContinuityException.class).hasMessageContaining(lost.aggregateId());
            reader.close();
        }
    }
}
