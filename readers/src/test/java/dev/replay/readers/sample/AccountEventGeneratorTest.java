package dev.replay.readers.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replay.readers.Event;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AccountEventGeneratorTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private static List<Event> generate(SeedSpec spec) {
        List<Event> events = new ArrayList<>();
        new AccountEventGenerator(spec).forEachRemaining(events::add);
        return events;
    }

    @Nested
    class Determinism {

        @Test
        void sameSpecGivesSameEventsIncludingIds() {
            SeedSpec spec = new SeedSpec(5_000, 300, 10, 42, START);
            assertThat(generate(spec)).isEqualTo(generate(spec));
        }

        @Test
        void otherSeedGivesOtherEventsAndOtherAccounts() {
            List<Event> a = generate(new SeedSpec(1_000, 50, 3, 1, START));
            List<Event> b = generate(new SeedSpec(1_000, 50, 3, 2, START));
            assertThat(a.get(0).eventId()).isNotEqualTo(b.get(0).eventId());
            assertThat(a.get(0).aggregateId()).isNotEqualTo(b.get(0).aggregateId());
        }
    }

    @Nested
    class Realism {

        private final SeedSpec spec = new SeedSpec(20_000, 1_000, 30, 7, START);
        private final List<Event> events = generate(spec);

        @Test
        void producesExactlyTheRequestedCountWithUniqueIds() {
            assertThat(events).hasSize(20_000);
            Set<Object> ids = new HashSet<>();
            events.forEach(e -> ids.add(e.eventId()));
            assertThat(ids).hasSize(20_000);
        }

        @Test
        void everyAccountOpensFirstAndVersionsAreContinuous() {
            Map<String, Long> last = new HashMap<>();
            for (Event event : events) {
                long expected = last.getOrDefault(event.aggregateId(), 0L) + 1;
                assertThat(event.version()).as("version of %s", event.aggregateId()).isEqualTo(expected);
                assertThat(event.eventType().equals("AccountOpened")).isEqualTo(expected == 1);
                last.put(event.aggregateId(), expected);
            }
            assertThat(last).hasSize(1_000);
        }

        @Test
        void closedAccountsGetNoFurtherEventsAndSomeClose() {
            Set<String> closed = new HashSet<>();
            for (Event event : events) {
                assertThat(closed).doesNotContain(event.aggregateId());
                if (event.eventType().equals("AccountClosed")) {
                    closed.add(event.aggregateId());
                }
            }
            assertThat(closed).isNotEmpty();
        }

        @Test
        void timestampsNeverGoBackSpreadOverTheDaysAndTie() {
            int ties = 0;
            for (int i = 1; i < events.size(); i++) {
                Event previous = events.get(i - 1);
                Event current = events.get(i);
                assertThat(current.occurredAt()).isAfterOrEqualTo(previous.occurredAt());
                if (current.occurredAt().equals(previous.occurredAt())
                        && !current.aggregateId().equals(previous.aggregateId())) {
                    ties++;
                }
            }
            assertThat(ties).isGreaterThan(100);
            assertThat(events.get(0).occurredAt()).isBefore(START.plus(Duration.ofHours(1)));
            assertThat(events.get(events.size() - 1).occurredAt())
                    .isAfter(START.plus(Duration.ofDays(29))).isBefore(START.plus(Duration.ofDays(30)));
        }

        @Test
        void payloadsAreBetween100And300Bytes() {
            for (Event event : events) {
                assertThat(event.payload().getBytes(StandardCharsets.UTF_8).length)
                        .as("payload of %s", event.eventType()).isBetween(100, 300);
            }
        }

        @Test
        void withdrawalsNeverExceedTheBalance() {
            Map<String, Long> balance = new HashMap<>();
            for (Event event : events) {
                long cents = amountCents(event.payload());
                switch (event.eventType()) {
                    case "Deposited" -> balance.merge(event.aggregateId(), cents, Long::sum);
                    case "Withdrawn" -> {
                        assertThat(cents).isLessThanOrEqualTo(balance.getOrDefault(event.aggregateId(), 0L));
                        balance.merge(event.aggregateId(), -cents, Long::sum);
                    }
                    default -> { }
                }
            }
        }

        private long amountCents(String payload) {
            int at = payload.indexOf("\"amount\": ");
            if (at < 0) {
                return 0;
            }
            String number = payload.substring(at + 10, payload.indexOf(',', at));
            return new java.math.BigDecimal(number).movePointRight(2).longValueExact();
        }
    }

    @Test
    void rejectsANonPositiveEventCountNamingIt() {
        assertThatThrownBy(() -> new SeedSpec(0, 1, 1, 1, START))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("events must be positive, was 0");
    }
}
