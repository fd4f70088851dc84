package dev.replay.readers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replay.readers.sample.SeedSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/** A restarted hot-store reader over a complete history checks the versions before its restart position again. */
class JdbcEventReaderGapRestartIT {

    private HotStoreFixture store;
    private List<Event> all;
    private Event lost;

    @BeforeEach
    void seedWithAGap() {
        store = new HotStoreFixture();
        all = new ArrayList<>(store.seed(new SeedSpec(1_000, 20, 3, 5, Instant.parse("2026-01-01T00:00:00Z"))));
        all.sort(EventKey::compare);
        // a version in the second half whose predecessor lies well before it and whose successor exists
        lost = all.stream().skip(all.size() / 2).filter(e -> e.version() > 1 && hasNext(e)).findFirst().orElseThrow();
        store.jdbc.update("delete from events where event_id = ?", lost.eventId());
    }

    @AfterEach
    void close() {
        store.close();
    }

    private boolean hasNext(Event event) {
        return all.stream().anyMatch(e -> e.aggregateId().equals(event.aggregateId()) && e.version() == event.version() + 1);
    }

    @ParameterizedTest(name = "page size {0}")
    @ValueSource(ints = {7, 5000})
    @DisplayName("Issue 12 defect 5: a hot-store reader restarted between an aggregate's versions still finds its gap")
    void aGapAcrossTheRestartPositionFailsTheRestartedReader(int pageSize) {
        // given: a first run committed every event before the lost one
        ExecutionContext context = new ExecutionContext();
        JdbcEventReader first = store.reader().pageSize(pageSize).build();
        first.open(context);
        for (int i = 0; i < all.indexOf(lost); i++) {
            first.read();
        }
        first.update(context);
        first.close();

        // when
        JdbcEventReader restarted = store.reader().pageSize(pageSize).build();
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

    @ParameterizedTest(name = "page size {0}")
    @ValueSource(ints = {7, 5000})
    void aRestartWithoutAGapReadsOnExactlyAfterItsPosition(int pageSize) {
        // given
        store.jdbc.update("delete from events where aggregate_id = ? and version > ?", lost.aggregateId(), lost.version());
        ExecutionContext context = new ExecutionContext();
        JdbcEventReader first = store.reader().pageSize(pageSize).build();
        first.open(context);
        Event last = null;
        for (int i = 0; i < 300; i++) {
            last = first.read();
        }
        first.update(context);
        first.close();

        // when
        JdbcEventReader restarted = store.reader().pageSize(pageSize).build();
        restarted.open(context);
        Event next = restarted.read();
        restarted.close();

        // then
        assertThat(EventKey.compare(next, last)).isPositive();
        assertThat(store.idsInDatabaseOrder().indexOf(next.eventId())).isEqualTo(300);
    }
}
