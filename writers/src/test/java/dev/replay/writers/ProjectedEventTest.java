package dev.replay.writers;

import static dev.replay.writers.TestEvents.deposited;
import static dev.replay.writers.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replay.readers.Event;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ProjectedEventTest {

    record Movement(BigDecimal amount, String currency) {
    }

    @Test
    void mapsThePayloadToARecordWithExactDecimals() {
        // given
        ProjectedEvent event = new ProjectedEvent(deposited("a-1", 2, "0.10000000000000000001"));

        // when
        Movement movement = event.payload(Movement.class);

        // then
        assertThat(movement.amount()).isEqualByComparingTo("0.10000000000000000001");
        assertThat(movement.currency()).isEqualTo("EUR");
    }

    @Test
    void readsJsonNumbersAsBigDecimalNotDouble() {
        // given
        ProjectedEvent event = new ProjectedEvent(deposited("a-1", 2, "12345678901234567.89"));

        // when
        BigDecimal amount = event.json().get("amount").decimalValue();

        // then
        assertThat(amount).isEqualTo(new BigDecimal("12345678901234567.89"));
    }

    @Test
    void parsesThePayloadOnceAndCachesTheTree() {
        // given
        ProjectedEvent event = new ProjectedEvent(deposited("a-1", 2, "1.00"));

        // when / then
        assertThat(event.json()).isSameAs(event.json());
    }

    @Test
    void rejectsAMalformedPayloadNamingTheEventAndTheParseError() {
        // given
        Event malformed = event("a-1", 2, "Deposited", "{\"amount\": 12.34,");
        ProjectedEvent event = new ProjectedEvent(malformed);

        // when / then
        assertThatThrownBy(event::json)
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining(malformed.eventId().toString())
                .hasMessageContaining("Deposited")
                .hasMessageContaining("malformed JSON payload")
                .satisfies(e -> assertThat(((InvalidEventException) e).event()).isEqualTo(malformed));
    }

    @Test
    void rejectsTrailingGarbageAfterTheJsonValue() {
        // given
        ProjectedEvent event = new ProjectedEvent(event("a-1", 2, "Deposited", "{\"amount\": 1} tail"));

        // when / then
        assertThatThrownBy(event::json).isInstanceOf(InvalidEventException.class);
    }

    @Test
    void rejectsAPayloadThatDoesNotMapToTheRequestedType() {
        // given
        Event wrong = event("a-1", 2, "Deposited", "{\"amount\": \"lots\"}");

        // when / then
        assertThatThrownBy(() -> new ProjectedEvent(wrong).payload(Movement.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining(wrong.eventId().toString())
                .hasMessageContaining("Movement");
    }

    @org.junit.jupiter.api.Nested
    class TopLevelString {

        @Test
        void readsAPlainStringWithoutATreeAndAnEscapedOneWithIt() {
            assertThat(new ProjectedEvent(event("a-1", 1, "AccountOpened", "{\"owner\": \"Ada\"}"))
                    .topLevelString("owner")).contains("Ada");
            assertThat(new ProjectedEvent(event("a-1", 1, "AccountOpened", "{\"owner\": \"A\\u0064a\"}"))
                    .topLevelString("owner")).contains("Ada");
            assertThat(new ProjectedEvent(event("a-1", 1, "AccountOpened", "{}")).topLevelString("owner")).isEmpty();
        }

        @Test
        void refusesAFieldThatIsNotAStringNamingTheFieldAndTheValue() {
            Event event = event("a-1", 1, "AccountOpened", "{\"owner\": {\"name\": 1}}");

            assertThatThrownBy(() -> new ProjectedEvent(event).topLevelString("owner"))
                    .isInstanceOf(InvalidEventException.class)
                    .hasMessageContaining(event.eventId().toString())
                    .hasMessageEndingWith("owner must be a JSON string, was {\"name\":1}");
        }
    }
}
