package dev.replay.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.archive.testing.SampleEvents;
import dev.replay.readers.Event;
import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentChecksumTest {

    private static final List<Event> EVENTS = SampleEvents.oneDay(50, 5);

    private static String sum(List<Event> events) {
        SegmentChecksum checksum = new SegmentChecksum();
        events.forEach(checksum::update);
        return checksum.finish();
    }

    @Test
    void isTheSameForTheSameEvents() {
        assertThat(sum(EVENTS)).isEqualTo(sum(List.copyOf(EVENTS))).matches("sha256:[0-9a-f]{64}");
    }

    @Test
    void changesWhenTwoEventsSwapPlaces() {
        // given
        List<Event> swapped = new java.util.ArrayList<>(EVENTS);
        java.util.Collections.swap(swapped, 10, 11);

        // then
        assertThat(sum(swapped)).isNotEqualTo(sum(EVENTS));
    }

    @Test
    void changesWhenAFieldBoundaryMoves() {
        // given the same bytes split differently between aggregate id and event type
        Event event = EVENTS.get(0);
        Event one = new Event(event.eventId(), "Account", "ab", 1, "cD", "{}", event.occurredAt());
        Event other = new Event(event.eventId(), "Account", "abc", 1, "D", "{}", event.occurredAt());

        // then
        assertThat(sum(List.of(one))).isNotEqualTo(sum(List.of(other)));
    }

    @Test
    void changesWithAnyPayloadByte() {
        Event event = EVENTS.get(0);
        Event edited = new Event(event.eventId(), event.aggregateType(), event.aggregateId(), event.version(),
                event.eventType(), event.payload().replaceFirst("\\d", "X"), event.occurredAt());

        assertThat(sum(List.of(edited))).isNotEqualTo(sum(List.of(event)));
    }
}
