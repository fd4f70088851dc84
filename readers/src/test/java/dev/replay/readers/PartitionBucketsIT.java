package dev.replay.readers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.readers.sample.SeedSpec;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.ConnectionCallback;

/**
 * Partitions read only their share of the hot store (issue 15): what PostgreSQL reads for a
 * partition's pages, by the plan, and that every partitioning (range or modulo, with or without
 * the bucket index, with filters) still holds every event once, in replay order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PartitionBucketsIT {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final Pattern BUCKET_SCAN_ROWS =
            Pattern.compile("Index Scan using events_replay_bucket_ix on events .*\\(actual rows=(\\d+) loops=1\\)");

    private HotStoreFixture store;
    private List<Event> all;

    @BeforeAll
    void seed() {
        store = new HotStoreFixture();
        all = store.seed(new SeedSpec(6_000, 700, 3, 13, START));
        all.sort(EventKey::compare);
        store.jdbc.execute("analyze events");
    }

    @AfterAll
    void close() {
        store.close();
    }

    @ParameterizedTest(name = "{0} partitions")
    @ValueSource(ints = {4, 3})
    @DisplayName("Issue 15: PostgreSQL plans a partition's page as range scans of its own buckets, merged in replay order")
    void aPartitionsPageIsPlannedOnItsBuckets(int count) {
        for (int index = 0; index < count; index++) {
            AggregatePartition partition = new AggregatePartition(index, count);
            // when: a first page and a page from a position inside the partition
            for (EventKey startAfter : java.util.Arrays.asList(null, all.get(all.size() / 2).key())) {
                String plan = String.join("\n", explain(partition, startAfter, 500, true));

                // then
                assertThat(plan).as(plan).contains("Merge Append", "events_replay_bucket_ix")
                        .doesNotContain("events_replay_order_ix", "Seq Scan", "Sort Method")
                        .contains("(actual rows=500 loops=1)");
            }
        }
    }

    @ParameterizedTest(name = "{0} partitions")
    @ValueSource(ints = {4, 3})
    @DisplayName("Issue 15: the partitions together read each row of the hot store once (twice in the buckets two partitions share)")
    void thePartitionsReadEachRowOnce(int count) {
        long scanned = 0;
        for (int index = 0; index < count; index++) {
            AggregatePartition partition = new AggregatePartition(index, count);
            long own = all.stream().filter(e -> partition.contains(e.aggregateType(), e.aggregateId())).count();

            // when: the whole partition as one page
            List<String> plan = explain(partition, null, all.size(), true);

            // then
            assertThat(plan.get(0)).as("rows of the page").contains("(actual rows=" + own + " loops=1)");
            scanned += plan.stream().map(BUCKET_SCAN_ROWS::matcher).filter(Matcher::find)
                    .mapToLong(m -> Long.parseLong(m.group(1))).sum();
        }
        // every bucket read once when the count divides 64; else the shared buckets twice
        assertThat(scanned).isBetween((long) all.size(), count == 4 ? all.size() : all.size() * 11L / 10);
    }

    @ParameterizedTest(name = "{0} partitions")
    @ValueSource(ints = {2, 3, 5, 7, 64, 100})
    @DisplayName("Issue 15: range partitions of any count hold every event once, each in replay order")
    void rangePartitionsHoldEveryEventOnce(int count) {
        assertEveryEventOnce(count, AggregatePartition.Scheme.RANGE, EventFilter.ALL);
    }

    @Test
    @DisplayName("Issue 15: modulo partitions (runs started before the range scheme) still hold every event once")
    void moduloPartitionsHoldEveryEventOnce() {
        assertEveryEventOnce(4, AggregatePartition.Scheme.MODULO, EventFilter.ALL);
        assertEveryEventOnce(3, AggregatePartition.Scheme.MODULO, EventFilter.ALL);
    }

    @Test
    @DisplayName("Issue 15: a partition by bucket applies the run's filter too: types and time range")
    void bucketsWithAFilter() {
        EventFilter filter = new EventFilter(START.plusSeconds(3_600), START.plusSeconds(40 * 3_600), Set.of(),
                Set.of("Deposited", "AccountOpened"), Set.of());
        assertEveryEventOnce(4, AggregatePartition.Scheme.RANGE, filter);
        assertEveryEventOnce(3, AggregatePartition.Scheme.RANGE, filter);
    }

    @Test
    @DisplayName("Issue 15: without the bucket index (a table adopted before it) a partition filters the replay-order index, same events")
    void withoutTheIndexAPartitionFilters() {
        store.jdbc.execute("drop index events_replay_bucket_ix");
        try {
            String plan = String.join("\n", explain(new AggregatePartition(1, 4), null, 500, false));
            assertThat(plan).as(plan).contains("events_replay_order_ix").doesNotContain("Merge Append");
            assertEveryEventOnce(4, AggregatePartition.Scheme.RANGE, EventFilter.ALL);
        } finally {
            store.jdbc.execute("create index events_replay_bucket_ix on events ("
                    + PartitionBuckets.indexColumns(HotStoreTable.DEFAULT) + ")");
        }
    }

    @Test
    @DisplayName("Issue 15: a page by bucket leaves no planner setting behind, in autocommit or in the caller's transaction")
    void aPageLeavesTheConnectionsSettingsAsTheyWere() {
        EventPageQuery query = new EventPageQuery(HotStoreTable.DEFAULT, EventFilter.ALL.withPartition(
                new AggregatePartition(0, 4)), store.marks.fullReplay(), 100, true);
        List<String> seen = store.jdbc.execute((ConnectionCallback<List<String>>) connection -> {
            List<String> settings = new ArrayList<>();
            int rows = query.page(connection, null, new StringPool(), statement -> {
            }).size();
            settings.add(connection.getAutoCommit() + " " + rows + " " + setting(connection));
            connection.setAutoCommit(false); // a chunk's transaction
            query.page(connection, null, new StringPool(), statement -> {
            });
            settings.add(connection.getAutoCommit() + " " + setting(connection));
            connection.rollback();
            connection.setAutoCommit(true);
            return settings;
        });
        assertThat(seen).containsExactly("true 100 on on", "false on on");
    }

    private static String setting(java.sql.Connection connection) throws java.sql.SQLException {
        try (java.sql.Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select current_setting('enable_sort'), current_setting('enable_bitmapscan')")) {
            rows.next();
            return rows.getString(1) + " " + rows.getString(2);
        }
    }

    private void assertEveryEventOnce(int count, AggregatePartition.Scheme scheme, EventFilter filter) {
        List<UUID> union = new ArrayList<>();
        for (int index = 0; index < count; index++) {
            AggregatePartition partition = new AggregatePartition(index, count, scheme);
            List<Event> read = HotStoreFixture.readAll(store.reader().filter(filter.withPartition(partition))
                    .pageSize(97).build());
            assertThat(read).isSortedAccordingTo(EventKey::compare)
                    .allMatch(e -> partition.contains(e.aggregateType(), e.aggregateId()), "in partition " + partition);
            read.forEach(e -> union.add(e.eventId()));
        }
        assertThat(union).as("%s partitions, %s", count, scheme).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(all.stream().filter(filter::matches).map(Event::eventId).toList());
    }

    /** The analysed plan of one partition's page of {@code pageSize} after {@code startAfter}, by bucket or not. */
    private List<String> explain(AggregatePartition partition, EventKey startAfter, int pageSize, boolean bucketed) {
        EventPageQuery query = new EventPageQuery(HotStoreTable.DEFAULT, EventFilter.ALL.withPartition(partition),
                store.marks.fullReplay(), pageSize, bucketed);
        return store.jdbc.execute((ConnectionCallback<List<String>>) connection -> {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false); // a page's settings are local to its transaction
            try {
                List<String> lines = new ArrayList<>();
                try (PreparedStatement statement = query.explain(connection, startAfter, "(analyze, timing off)");
                     ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        lines.add(rows.getString(1));
                    }
                }
                return lines;
            } finally {
                connection.rollback();
                connection.setAutoCommit(autoCommit);
            }
        });
    }
}
