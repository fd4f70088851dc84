package dev.replay.readers;

import static dev.replay.readers.HotStoreFixture.readAll;
import static dev.replay.readers.HotStoreFixture.readRest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.replay.readers.sample.SeedSpec;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.dao.DataAccessException;

/** The prefetching reader: same events as without, same restart state, nothing left behind. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JdbcEventReaderPrefetchIT {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private HotStoreFixture store;
    private List<Event> clean;

    @BeforeAll
    void seed() {
        store = new HotStoreFixture();
        store.seed(new SeedSpec(2_000, 50, 2, 11, START));
        clean = readAll(store.reader().prefetch(false).build());
    }

    @AfterAll
    void close() {
        store.close();
    }

    @Nested
    class SameEvents {

        @ParameterizedTest(name = "page size {0}")
        @ValueSource(ints = {1, 7, 1000, 2000, 5000})
        void readsTheSameEventsWithAndWithoutPrefetch(int pageSize) {
            // when
            List<Event> prefetched = readAll(store.reader().pageSize(pageSize).prefetch(true).build());
            List<Event> direct = readAll(store.reader().pageSize(pageSize).prefetch(false).build());

            // then
            assertThat(prefetched).hasSize(2_000).isEqualTo(direct).isEqualTo(clean);
        }
    }

    @Nested
    class Restart {

        @Test
        void savesTheLastReturnedEventNotThePrefetchedPage() {
            // given: the first page returned whole, the second fetched ahead
            JdbcEventReader first = store.reader().pageSize(100).prefetch(true).build();
            ExecutionContext context = new ExecutionContext();
            first.open(context);
            List<Event> committed = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                committed.add(first.read());
            }
            first.update(context);
            first.read(); // read, never committed: lost with the crash
            first.close();

            // when
            List<Event> rest = readAll(store.reader().pageSize(100).prefetch(true).build(), context);

            // then
            assertThat(context.getString("events.start.after")).isEqualTo(clean.get(99).key().toString());
            committed.addAll(rest);
            assertThat(committed).isEqualTo(clean);
        }

        @Test
        void savesTheRestoredPositionUntilAnEventIsReturned() {
            // given
            ExecutionContext context = new ExecutionContext();
            context.putString("events.start.after", clean.get(41).key().toString());
            JdbcEventReader reader = store.reader().pageSize(10).build();
            reader.open(context);

            // when
            reader.update(context);
            Event next = reader.read();
            reader.close();

            // then
            assertThat(context.getString("events.start.after")).isEqualTo(clean.get(41).key().toString());
            assertThat(next).isEqualTo(clean.get(42));
        }
    }

    @Nested
    class Connections {

        @Test
        void closeWithAFetchInFlightReturnsItsConnection() throws Exception {
            try (HikariDataSource pool = pool(2); Connection locker = store.openTransaction()) {
                // given: the first page's query waits on a lock
                lock(locker);
                JdbcEventReader reader = store.reader().dataSource(pool).highWaterMark(store.marks.fullReplay()).build();
                reader.open(new ExecutionContext());
                await().atMost(Duration.ofSeconds(10)).until(() -> waitingPageQueries() == 1);

                // when
                reader.close();

                // then
                assertThat(pool.getHikariPoolMXBean().getActiveConnections()).isZero();
                assertThat(waitingPageQueries()).isZero();
                locker.rollback();
            }
        }

        @Test
        void aReaderReadToTheEndHoldsNoConnection() {
            try (HikariDataSource pool = pool(2)) {
                // given
                JdbcEventReader reader = store.reader().dataSource(pool).pageSize(300).build();
                reader.open(new ExecutionContext());

                // when
                List<Event> read = readRest(reader);

                // then
                assertThat(read).isEqualTo(clean);
                assertThat(pool.getHikariPoolMXBean().getActiveConnections()).isZero();
                reader.close();
            }
        }

        private HikariDataSource pool(int size) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(store.database.jdbcUrl());
            config.setUsername("postgres");
            config.setMaximumPoolSize(size);
            return new HikariDataSource(config);
        }
    }

    @Nested
    class Failures {

        @Test
        void aFailedBackgroundFetchSurfacesFromReadNamingTheReaderAndIsRetried() throws Exception {
            JdbcEventReader reader = store.reader().pageSize(500).highWaterMark(store.marks.fullReplay()).build();
            try (Connection locker = store.openTransaction()) {
                // given: the first page's query waits on a lock, and its backend is terminated
                lock(locker);
                reader.open(new ExecutionContext());
                await().atMost(Duration.ofSeconds(10)).until(() -> waitingPageQueries() == 1);
                store.jdbc.queryForList("select pg_terminate_backend(pid) from pg_stat_activity where "
                        + WAITING_PAGE_QUERY);

                // when / then
                assertThatThrownBy(reader::read)
                        .isInstanceOf(DataAccessException.class)
                        .hasMessageStartingWith("Reader [events]. Failed to read events after the start")
                        .cause().isInstanceOf(DataAccessException.class);
                locker.rollback();
            }
            try {
                // then: the next read retries the page on a fresh connection
                assertThat(readRest(reader)).isEqualTo(clean);
            } finally {
                reader.close();
            }
        }
    }

    private static final String WAITING_PAGE_QUERY = "datname = current_database() and wait_event_type = 'Lock'"
            + " and query like 'select event_id, aggregate_type%'";

    private int waitingPageQueries() {
        return store.jdbc.queryForObject("select count(*) from pg_stat_activity where " + WAITING_PAGE_QUERY,
                Integer.class);
    }

    private static void lock(Connection connection) throws Exception {
        try (Statement statement = connection.createStatement()) {
            statement.execute("lock table events in access exclusive mode");
        }
    }
}
