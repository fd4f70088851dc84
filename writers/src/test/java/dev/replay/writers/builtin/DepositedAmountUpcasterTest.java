package dev.replay.writers.builtin;

import static dev.replay.writers.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replay.readers.Event;
import dev.replay.readers.upcast.Upcasters;
import dev.replay.readers.upcast.UpcastingException;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;

class DepositedAmountUpcasterTest {

    private final DepositedAmountUpcaster upcaster = new DepositedAmountUpcaster();

    @Nested
    class Upcast {

        @Test
        void turnsTheNumberIntoAValueWithTheDefaultCurrency() {
            String v2 = upcaster.upcast(event("a-1", 2, "Deposited", "{\"amount\": 12.34}"));

            assertThat(v2).isEqualTo("{\"amount\":{\"value\":\"12.34\",\"currency\":\"EUR\"}}");
        }

        @Test
        void keepsTheExactDecimalTextWithTrailingZeros() {
            assertThat(upcaster.upcast(event("a-1", 2, "Deposited", "{\"amount\": 100.10}")))
                    .contains("\"value\":\"100.10\"");
            assertThat(upcaster.upcast(event("a-1", 2, "Deposited", "{\"amount\": 7}")))
                    .contains("\"value\":\"7\"");
            assertThat(upcaster.upcast(event("a-1", 2, "Deposited", "{\"amount\": 9007199254740993.01}")))
                    .contains("\"value\":\"9007199254740993.01\"");
        }

        @Test
        void takesThePayloadsOwnCurrencyAndKeepsEveryOtherFieldInPlace() {
            // given: what the sample generator writes
            Event v1 = event("a-1", 2, "Deposited",
                    "{\"amount\": 5.00, \"currency\": \"USD\", \"reference\": \"DEP-1\", \"channel\": \"card\"}");

            // when
            String v2 = upcaster.upcast(v1);

            // then
            assertThat(v2).isEqualTo("{\"amount\":{\"value\":\"5.00\",\"currency\":\"USD\"},"
                    + "\"currency\":\"USD\",\"reference\":\"DEP-1\",\"channel\":\"card\"}");
        }

        @Test
        void usesTheConfiguredDefaultCurrency() {
            String v2 = new DepositedAmountUpcaster("CHF").upcast(event("a-1", 2, "Deposited", "{\"amount\": 1.5}"));

            assertThat(v2).contains("\"currency\":\"CHF\"");
        }

        @Test
        void registersForDepositedVersionOneAndTheChainMakesItVersionTwo() {
            // given
            Upcasters upcasters = new Upcasters(List.of(upcaster));
            Event v1 = event("a-1", 2, "Deposited", "{\"amount\": 12.34}");

            // when
            Event upcast = upcasters.upcast(v1);

            // then
            assertThat(upcast.schemaVersion()).isEqualTo(2);
            assertThat(upcast.payload()).isEqualTo("{\"amount\":{\"value\":\"12.34\",\"currency\":\"EUR\"}}");
            assertThat(upcasters.upcast(upcast)).isSameAs(upcast);
        }
    }

    @Nested
    class Refuses {

        @Test
        void aDefaultCurrencyThatIsNoIsoCode() {
            assertThatThrownBy(() -> new DepositedAmountUpcaster("EURO"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("defaultCurrency must be an ISO 4217 currency code, was 'EURO'");
        }

        @Test
        void anAmountThatIsNotANumber() {
            assertThatThrownBy(() -> upcaster.upcast(event("a-1", 2, "Deposited", "{\"amount\": \"lots\"}")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("amount must be a JSON number, was \"lots\"");
            assertThatThrownBy(() -> upcaster.upcast(event("a-1", 2, "Deposited", "{\"note\": 1}")))
                    .hasMessage("amount must be a JSON number, was missing");
        }

        @Test
        void aPayloadThatIsNoJsonObject() {
            assertThatThrownBy(() -> upcaster.upcast(event("a-1", 2, "Deposited", "[1]")))
                    .hasMessage("payload must be a JSON object");
            assertThatThrownBy(() -> upcaster.upcast(event("a-1", 2, "Deposited", "{\"amount\": ")))
                    .isInstanceOf(JacksonException.class);
        }

        @Test
        void inTheChainTheFailureNamesTheUpcasterAndTheEvent() {
            Event bad = event("a-1", 2, "Deposited", "{\"amount\": \"lots\"}");

            assertThatThrownBy(() -> new Upcasters(List.of(upcaster)).upcast(bad))
                    .isInstanceOf(UpcastingException.class)
                    .hasMessageStartingWith("Upcaster [DepositedAmountUpcaster] failed on event " + bad.eventId()
                            + " of type Deposited, schema version 1 (Account a-1 v2): amount must be a JSON number");
        }
    }
}
