package dev.replay.writers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.readers.Event;
import dev.replay.readers.sample.AccountEventGenerator;
import dev.replay.readers.sample.SeedSpec;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class TopLevelNumberScannerTest {

    private static Optional<BigDecimal> jackson(String json) {
        JsonNode amount = ProjectedEvent.DEFAULT_MAPPER.readTree(json).get("amount");
        return amount != null && amount.isNumber() ? Optional.of(amount.decimalValue()) : Optional.empty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"amount\": 12.34}", "{\"note\": \"amount\", \"amount\": -0.5}", "{\"x\": {\"amount\": 1}, \"amount\": 2}",
        "{\"s\": \"a \\\" } , amount\", \"amount\": 3}", "{\"amount\": \"lots\"}", "{}", "{\"a\": [1, {\"b\": []}], \"amount\": 1e3}",
        "  {\"amount\" : 7 , \"z\": null}  ", "{\"amount\": 1, \"amount\": true}", "{\"amounts\": 5}", "{\"amount\": 12.30}",
        "{\"b\": \"y\\\\\", \"amount\": 4}", "{\"b\": \"\\\\\\\"\", \"amount\": 4.5}", "{\"amount\": 5}",
        "{\"amount\": -0.00}", "{\"amount\": 12345678901234567890.5}", "{\"amount\": 0.1E+2}",
        "{\"amount\":\t3.25\n}"})
    void agreesWithAParserOnWellFormedObjects(String json) {
        assertThat(TopLevelNumberScanner.find(json, "amount")).isEqualTo(jackson(json));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1, 2]", "{\"amount\": 1", "{\"amount\": 1} x", "{\"am\\u006funt\": 1}", "{\"amount\": 12.3.4}", ""})
    void givesUpOnWhatItDoesNotExpectSoTheParserDecides(String json) {
        assertThat(TopLevelNumberScanner.find(json, "amount")).isNull();
    }

    @Test
    void agreesWithAParserOnEveryGeneratedPayload() {
        new AccountEventGenerator(new SeedSpec(20_000, 500, 5, 3, Instant.parse("2026-01-01T00:00:00Z")))
                .forEachRemaining(e -> assertThat(TopLevelNumberScanner.find(e.payload(), "amount"))
                        .as(e.payload()).isEqualTo(jackson(e.payload())));
    }

    @Test
    void aProjectedEventFallsBackToTheParserForMalformedPayloads() {
        Event event = new Event(UUID.randomUUID(), "Account", "a-1", 2, "Deposited", "{\"amount\": 1", Instant.EPOCH);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ProjectedEvent(event).topLevelDecimal("amount"))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("malformed JSON");
    }

    @org.junit.jupiter.api.Nested
    @org.junit.jupiter.api.DisplayName("Issue 12 defect 6: the scanner reads payloads that break arithmetic as a parser does, or leaves them to it")
    class PayloadsThatBreakArithmetic {

        @ParameterizedTest
        @ValueSource(strings = {"{\"amount\": 1e20}", "{\"amount\": 1e400}", "{\"amount\": -1e400}", "{\"amount\": \"abc\"}",
            "{\"amount\": null}", "{}", "{\"amount\": 1E-400}", "{\"amount\": 99999999999999999999999.99}",
            "{\"amount\": {\"value\": \"1e20\"}}", "{\"amount\": [1]}"})
        void agreesWithAParser(String json) {
            assertThat(TopLevelNumberScanner.find(json, "amount")).isEqualTo(jackson(json));
        }

        @ParameterizedTest
        @ValueSource(strings = {"[1, 2]", "\"12.34\"", "42", "null", "{\"amount\": 1e}", "{\"amount\": --1}",
            "{\"amount\": 1e99999999999}"})
        void givesUpOnWhatIsNotAnObjectOrNotANumber(String json) {
            assertThat(TopLevelNumberScanner.find(json, "amount")).isNull();
        }

        @Test
        void leavesANumberLongerThanAParserAcceptsToTheParser() {
            String json = "{\"amount\": 1" + "0".repeat(TopLevelNumberScanner.MAX_NUMBER_LENGTH) + "}";

            assertThat(TopLevelNumberScanner.find(json, "amount")).isNull();
        }

        @Test
        void spansTheLastValueOfAKeyOrSaysItIsAbsent() {
            String json = "{\"owner\": 1, \"owner\": \"Ada\", \"n\": {\"owner\": 2}}";
            long span = TopLevelNumberScanner.span(json, "owner");

            assertThat(json.substring((int) (span >>> 32), (int) span)).isEqualTo("\"Ada\"");
            assertThat(TopLevelNumberScanner.span(json, "currency")).isEqualTo(TopLevelNumberScanner.ABSENT);
            assertThat(TopLevelNumberScanner.span("[]", "owner")).isEqualTo(TopLevelNumberScanner.GIVE_UP);
        }
    }
}
