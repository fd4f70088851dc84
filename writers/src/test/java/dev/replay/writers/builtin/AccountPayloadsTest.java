package dev.replay.writers.builtin;

import static dev.replay.writers.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replay.readers.Event;
import dev.replay.writers.InvalidEventException;
import dev.replay.writers.ProjectedEvent;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What account-balances accepts of a payload, and the range it computes in. */
class AccountPayloadsTest {

    private static ProjectedEvent projected(String type, String payload) {
        return new ProjectedEvent(event("a-1", 2, type, payload));
    }

    /** Validates, then reads the amount as apply does: every bad payload fails one or the other as an invalid event. */
    private static long validatedCents(ProjectedEvent event) {
        AccountPayloads.validate(event);
        return AccountPayloads.amountCents(event);
    }

    @Nested
    @DisplayName("Issue 12 defect 6: payloads that break arithmetic are invalid events naming the field and the value")
    class BadPayloads {

        @ParameterizedTest(name = "{0} {1}")
        @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "Deposited | {\"amount\": 1e20}            | amount must be at most 9999999999999999.99, was 100000000000000000000",
            "Deposited | {\"amount\": 1e400}           | amount must be at most 9999999999999999.99, was 1E+400",
            "Deposited | {\"amount\": -1e400}          | amount must not be negative, was -1E+400",
            "Deposited | {\"amount\": \"abc\"}         | amount must be a JSON number or an object with a decimal value, was \"abc\"",
            "Deposited | {\"amount\": null}            | amount must be a JSON number or an object with a decimal value, was null",
            "Deposited | {}                            | amount must be a JSON number or an object with a decimal value, was missing",
            "Deposited | [1, 2]                        | payload must be a JSON object, was [1,2]",
            "Deposited | `\"12.34\"`                   | payload must be a JSON object, was \"12.34\"",
            "Deposited | {\"amount\": {\"value\": \"1e20\"}} | amount must be at most 9999999999999999.99, was 100000000000000000000",
            "Deposited | {\"amount\": {\"value\": \"x\"}}    | was {\"value\":\"x\"}",
            "Withdrawn | {\"amount\": 1e20}            | amount must be at most 9999999999999999.99, was 100000000000000000000",
            "Withdrawn | {\"amount\": \"abc\"}         | amount must be a JSON number or an object with a decimal value, was \"abc\"",
            "Withdrawn | {\"amount\": -5}              | amount must not be negative, was -5",
            "Withdrawn | 42                            | payload must be a JSON object, was 42",
            "Deposited | {\"amount\": 9999999999999999.995} | amount must be at most 9999999999999999.99, was 9999999999999999.995",
            "AccountOpened | {\"owner\": 42, \"currency\": \"EUR\"} | owner must be a JSON string, was 42",
            "AccountOpened | {\"owner\": \"  \"}       | owner must not be blank, was \"  \"",
            "AccountOpened | {\"owner\": \"Ada\", \"currency\": \"euro\"} | currency must be a three-letter code such as EUR, was \"euro\"",
            "AccountOpened | {\"owner\": \"Ada\", \"currency\": null} | currency must be a JSON string, was null",
            "AccountOpened | {\"owner\": \"Ada\", \"currency\": \"E\\u0055R\\n\"} | currency must be a three-letter code",
            "AccountOpened | [\"Ada\"]                   | payload must be a JSON object, was [\"Ada\"]",
            "AccountClosed | {\"reason\": 1                | malformed JSON payload",
        })
        void failAsAnInvalidEventNamingTheEventTheFieldAndTheValue(String type, String payload, String problem) {
            ProjectedEvent event = projected(type, payload);

            assertThatThrownBy(() -> validatedCents(event))
                    .isInstanceOf(InvalidEventException.class)
                    .hasMessageContaining(event.eventId().toString())
                    .hasMessageContaining(type)
                    .hasMessageContaining("Account a-1 v2")
                    .hasMessageContaining(problem);
        }

        @Test
        void aNumberTooLongForTheScannerIsLeftToTheParserWhichRefusesIt() {
            ProjectedEvent event = projected("Deposited", "{\"amount\": 1" + "0".repeat(5_000) + "}");

            assertThatThrownBy(() -> validatedCents(event)).isInstanceOf(InvalidEventException.class);
        }

        @Test
        void aTinyAmountRoundsToNoCentWithoutScalingItDigitByDigit() {
            assertThat(validatedCents(projected("Deposited", "{\"amount\": 1e-999999999}"))).isZero();
        }

        @Test
        void aBalanceLeavingTheRangeNamesTheAccountTheBalanceAndTheAmount() {
            ProjectedEvent event = projected("Deposited", "{\"amount\": 5000000000000000}");
            long cents = validatedCents(event);

            assertThat(AccountPayloads.balanceAfter(event, 0, cents)).isEqualTo(cents);
            assertThatThrownBy(() -> AccountPayloads.balanceAfter(event, cents, cents))
                    .isInstanceOf(InvalidEventException.class)
                    .hasMessageContaining(event.eventId().toString())
                    .hasMessageContaining("balance of account a-1 would leave the range ±9999999999999999.99:"
                            + " 5000000000000000.00 + 5000000000000000.00");
            assertThatThrownBy(() -> AccountPayloads.balanceAfter(event, -AccountPayloads.MAX_CENTS, -1))
                    .hasMessageContaining("-9999999999999999.99 - 0.01");
        }
    }

    @Nested
    class GoodPayloads {

        @ParameterizedTest(name = "{0} {1}")
        @CsvSource(delimiter = '|', value = {
            "Deposited | {\"amount\": 12.345}                          | 1234",
            "Deposited | {\"amount\": 9999999999999999.99}             | 999999999999999999",
            "Withdrawn | {\"amount\": 0.01}                            | -1",
            "Deposited | {\"amount\": {\"value\": \"7.10\", \"currency\": \"EUR\"}} | 710",
            "AccountOpened | {\"owner\": \"Ada\", \"currency\": \"EUR\"} | 0",
            "AccountOpened | {}                                          | 0",
            "AccountOpened | {\"owner\": \"A\\u0064a\"}                  | 0",
            "AccountClosed | {\"reason\": \"customer-request\"}          | 0",
        })
        void areReadInWholeCents(String type, String payload, long cents) {
            assertThat(validatedCents(projected(type, payload))).isEqualTo(cents);
        }
    }

    @Test
    void eventsOfTheSampleGeneratorAreAllValid() {
        new dev.replay.readers.sample.AccountEventGenerator(new dev.replay.readers.sample.SeedSpec(5_000, 100, 5, 3,
                java.time.Instant.parse("2026-01-01T00:00:00Z")))
                .forEachRemaining((Event e) -> validatedCents(new ProjectedEvent(e)));
    }
}
