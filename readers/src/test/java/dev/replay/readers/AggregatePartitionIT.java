package dev.replay.readers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replay.readers.builder.MergedEventReaderBuilder;
import dev.replay.readers.sample.AccountEventGenerator;
import dev.replay.readers.sample.SeedSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Partitions by aggregate: the hash that Java computes is the one the hot store's SQL computes,
 * and the partitions of a merged replay together hold every event once, each in replay order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AggregatePartitionIT {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private HotStoreFixture store;

    @BeforeAll
    void start() {
        store = new HotStoreFixture();
    }

    @AfterAll
    void close() {
        store.close();
    }

    @Nested
    class Hash {

        @Test
        void javaAndSqlAgreeOnManyAggregatesIncludingNonAscii() {
            // given
            List<String[]> aggregates = new ArrayList<>();
            for (int i = 0; i < 5_000; i++) {
                aggregates.add(new String[] {i % 3 == 0 ? "Account" : "Kunde-Ä", "acc-" + i});
            }
            aggregates.add(new String[] {"Account", ""});
            aggregates.add(new String[] {"Счёт", "клиент/№7"});
            aggregates.add(new String[] {"注文", "注文-😀-42"});
            aggregates.add(new String[] {"Account", "ñandú ' \" \\ %"});

            // when
            Map<String, Long> sql = new HashMap<>();
            for (int from = 0; from < aggregates.size(); from += 1_000) {
                List<String[]> batch = aggregates.subList(from, Math.min(aggregates.size(), from + 1_000));
                store.jdbc.query("select t, i, ('x' || substr(md5(t || '/' || i), 1, 8))::bit(32)::bigint"
                                + " from unnest(?::text[], ?::text[]) as a(t, i)",
                        row -> {
                            sql.put(row.getString(1) + "\u0000" + row.getString(2), row.getLong(3));
                        },
                        batch.stream().map(a -> a[0]).toArray(String[]::new),
                        batch.stream().map(a -> a[1]).toArray(String[]::new));
            }

            // then
            assertThat(sql).hasSize(aggregates.size());
            for (String[] aggregate : aggregates) {
                assertThat(AggregatePartition.hash(aggregate[0], aggregate[1]))
                        .as("hash of %s/%s", aggregate[0], aggregate[1])
                        .isEqualTo(sql.get(aggregate[0] + "\u0000" + aggregate[1]))
                        .isBetween(0L, 0xFFFF_FFFFL);
            }
            assertThat(sql.values()).anyMatch(hash -> hash > Integer.MAX_VALUE); // unsigned, not sign-extended
        }

        @Test
        void spreadsAggregatesOverEveryPartition() {
            int[] sizes = new int[7];
            for (int i = 0; i < 7_000; i++) {
                sizes[(int) (AggregatePartition.hash("Account", "acc-" + i) % 7)]++;
            }
            assertThat(java.util.Arrays.stream(sizes).boxed().toList()).allSatisfy(size -> assertThat(size).isBetween(800, 1_200));
        }

        @Test
        void refusesAnIndexOutsideTheCount() {
            assertThatThrownBy(() -> new AggregatePartition(3, 3))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("index must be between 0 and 2, was 3");
            assertThatThrownBy(() -> new AggregatePartition(0, 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("count must be between 1 and 1024, was 0");
        }
    }

    @Nested
    class MergedReplay {

        @ParameterizedTest(name = "{0}")
        @EnumSource(AggregatePartition.Scheme.class)
        @DisplayName("Issue 15: partitions of either split, over archive and hot store, hold every event once in replay order")
        void partitionsOfArchiveAndHotStoreHoldEveryEventOnceInReplayOrder(AggregatePartition.Scheme scheme) {
            // given: the first half archived, the rest in the hot store
            List<Event> all = new ArrayList<>();
            new AccountEventGenerator(new SeedSpec(3_000, 97, 4, 7, START)).forEachRemaining(all::add);
            all.sort(EventKey::compare);
            InMemoryArchive archive = new InMemoryArchive();
            int cut = all.size() / 2;
            for (int from = 0; from < cut; from += 300) {
                archive.segment("seg-" + from, all.subList(from, Math.min(cut, from + 300)));
            }
            store.jdbc.update("truncate events");
            store.appender.append(all.subList(cut, all.size()));

            // when
            List<UUID> union = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                AggregatePartition partition = new AggregatePartition(i, 3, scheme);
                List<Event> read = readAll(new MergedEventReaderBuilder().name("events")
                        .dataSource(store.database.dataSource()).archive(archive).partition(partition).pageSize(100)
                        .build());

                // then: whole aggregates, in replay order, checked from version 1
                assertThat(read).isNotEmpty().isSortedAccordingTo(EventKey::compare)
                        .allMatch(e -> partition.contains(e.aggregateType(), e.aggregateId()));
                read.forEach(e -> union.add(e.eventId()));
            }
            assertThat(union).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(all.stream().map(Event::eventId).toList());
        }

        @Test
        void aPartitionResumedAtACheckpointReadsTheRestOfItsEventsOnce() {
            // given: a partition read halfway, its position saved as a chunk commit would
            List<Event> all = new ArrayList<>();
            new AccountEventGenerator(new SeedSpec(2_000, 60, 3, 5, START)).forEachRemaining(all::add);
            all.sort(EventKey::compare);
            InMemoryArchive archive = new InMemoryArchive();
            archive.segment("seg-0", all.subList(0, 800)).segment("seg-800", all.subList(800, 1_200));
            store.jdbc.update("truncate events");
            store.appender.append(all.subList(1_200, all.size()));
            AggregatePartition partition = new AggregatePartition(1, 2);
            MergedEventReader first = reader(archive, partition);
            ExecutionContext context = new ExecutionContext();
            first.open(context);
            List<Event> read = new ArrayList<>();
            for (int i = 0; i < 700; i++) {
                read.add(first.read());
            }
            first.update(context);
            first.close();

            // when
            read.addAll(readAll(reader(archive, partition), context));

            // then
            assertThat(read).doesNotContainNull().isSortedAccordingTo(EventKey::compare);
            assertThat(read.stream().map(Event::eventId).toList()) // ids: the hot store's jsonb rewrites payload text
                    .containsExactlyElementsOf(all.stream().filter(e -> partition.contains(e.aggregateType(),
                            e.aggregateId())).map(Event::eventId).toList());
        }

        private MergedEventReader reader(InMemoryArchive archive, AggregatePartition partition) {
            return new MergedEventReaderBuilder().name("events").dataSource(store.database.dataSource())
                    .archive(archive).partition(partition).pageSize(100).build();
        }

        @Test
        void theHotStorePredicateSelectsTheEventsJavaAssignsToThePartition() {
            // given: the modulo scheme, which partitioned runs started before issue 15 restart with
            store.jdbc.update("truncate events");
            List<Event> all = store.seed(new SeedSpec(1_000, 50, 2, 11, START));
            AggregatePartition partition = new AggregatePartition(1, 4, AggregatePartition.Scheme.MODULO);
            Set<String> expected = new HashSet<>();
            all.stream().filter(e -> partition.contains(e.aggregateType(), e.aggregateId()))
                    .forEach(e -> expected.add(e.eventId().toString()));

            // when
            Long inSql = store.jdbc.queryForObject("select count(*) from events where " + AggregatePartition.SQL,
                    Long.class, 4, 1);

            // then
            assertThat(inSql).isEqualTo(expected.size());
        }
    }

    private static List<Event> readAll(MergedEventReader reader) {
        return readAll(reader, new ExecutionContext());
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
}
