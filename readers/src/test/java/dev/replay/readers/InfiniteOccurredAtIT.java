package dev.replay.readers;

import static dev.replay.readers.HotStoreFixture.readAll;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replay.readers.sample.SeedSpec;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Issue 12 review: a replay that meets an infinite occurred_at fails naming the event and the value")
class InfiniteOccurredAtIT {

    private final HotStoreFixture store = new HotStoreFixture();

    @AfterEach
    void close() {
        store.close();
    }

    @ParameterizedTest(name = "{0} on page size {1}")
    // page size 1000: on the first page, decoded from text; 3: on a later page, decoded from binary
    @CsvSource({"infinity, 1000", "infinity, 3", "-infinity, 1000", "-infinity, 3"})
    void failsNamingTheEvent(String value, int pageSize) {
        // given
        store.seed(new SeedSpec(20, 4, 1, 7, Instant.parse("2026-01-01T00:00:00Z")));
        UUID id = UUID.randomUUID();
        store.jdbc.update("insert into events (event_id, aggregate_type, aggregate_id, version, event_type, event_data,"
                + " occurred_at) values (?, 'Account', 'inf-1', 1, 'AccountOpened', '{}', ?::timestamptz)", id, value);
        // -infinity sorts first: read past a few events first, so the binary decoding is exercised too
        Instant from = value.startsWith("-") ? null : Instant.parse("2026-01-01T00:00:00Z");

        // when / then
        assertThatThrownBy(() -> readAll(store.reader().pageSize(pageSize).from(from).build()))
                .hasMessageContaining("Event " + id + " (Account inf-1 version 1) has occurred_at " + value);
    }
}
