package dev.replay.readers.upcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replay.readers.Event;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class UpcastersTest {

    private static final UUID ID = UUID.fromString("0190a000-0000-7000-8000-000000000001");

    /** A named upcaster that transforms the payload text. */
    private record Step(String name, String eventType, int fromVersion, UnaryOperator<String> transform)
            implements Upcaster {

        @Override
        public String upcast(Event event) {
            return transform.apply(event.payload());
        }
    }

    private static Event event(String type, int schemaVersion, String payload) {
        return new Event(ID, "Account", "acct-1", 3, type, payload, Instant.parse("2026-03-01T10:00:00Z"), schemaVersion);
    }

    @Nested
    class Chain {

        @Test
        void appliesStepsUntilNoneMatchesSoV1BecomesV3() {
            // given: registered out of order
            Upcasters upcasters = new Upcasters(List.of(
                    new Step("two-to-three", "Deposited", 2, p -> p + "+v3"),
                    new Step("one-to-two", "Deposited", 1, p -> p + "+v2")));

            // when
            Event upcast = upcasters.upcast(event("Deposited", 1, "v1"));

            // then
            assertThat(upcast.payload()).isEqualTo("v1+v2+v3");
            assertThat(upcast.schemaVersion()).isEqualTo(3);
            assertThat(upcast.key()).isEqualTo(event("Deposited", 1, "v1").key());
            assertThat(upcast.aggregateId()).isEqualTo("acct-1");
            assertThat(upcast.eventType()).isEqualTo("Deposited");
        }

        @Test
        @org.junit.jupiter.api.DisplayName("Issue 12 defect 2: an upcast event keeps its metadata")
        void keepsTheMetadata() {
            // given
            Upcasters upcasters = new Upcasters(List.of(new Step("one-to-two", "Deposited", 1, p -> p + "+v2")));
            Event event = new Event(ID, "Account", "acct-1", 3, "Deposited", "v1", Instant.parse("2026-03-01T10:00:00Z"),
                    1, "{\"user\": \"u-1\"}");

            // when
            Event upcast = upcasters.upcast(event);

            // then
            assertThat(upcast.schemaVersion()).isEqualTo(2);
            assertThat(upcast.metadata()).isEqualTo("{\"user\": \"u-1\"}");
        }

        @Test
        void startsAtTheEventsOwnVersion() {
            // given
            Upcasters upcasters = new Upcasters(List.of(
                    new Step("one-to-two", "Deposited", 1, p -> p + "+v2"),
                    new Step("two-to-three", "Deposited", 2, p -> p + "+v3")));

            // when
            Event upcast = upcasters.upcast(event("Deposited", 2, "v2"));

            // then
            assertThat(upcast.payload()).isEqualTo("v2+v3");
            assertThat(upcast.schemaVersion()).isEqualTo(3);
        }

        @Test
        void passesOtherTypesAndNewestVersionsThroughAsTheSameInstance() {
            // given
            AtomicInteger calls = new AtomicInteger();
            Upcasters upcasters = new Upcasters(List.of(new Step("one-to-two", "Deposited", 1, p -> {
                calls.incrementAndGet();
                return p;
            })));
            Event withdrawn = event("Withdrawn", 1, "{\"amount\": 1}");
            Event newest = event("Deposited", 2, "{}");

            // when / then
            assertThat(upcasters.upcast(withdrawn)).isSameAs(withdrawn);
            assertThat(upcasters.upcast(newest)).isSameAs(newest);
            assertThat(calls).hasValue(0);
        }

        @Test
        void anEmptyChainIsEmptyAndChangesNothing() {
            Event event = event("Deposited", 1, "{}");

            assertThat(Upcasters.none().isEmpty()).isTrue();
            assertThat(new Upcasters(List.of()).upcast(event)).isSameAs(event);
            assertThat(new Upcasters(List.of(new Step("a", "Deposited", 1, p -> p))).isEmpty()).isFalse();
        }

        @Test
        void theProcessorUpcastsEachItem() throws Exception {
            // given
            UpcastingItemProcessor processor = new UpcastingItemProcessor(
                    new Upcasters(List.of(new Step("one-to-two", "Deposited", 1, p -> "{\"v\": 2}"))));

            // when
            Event processed = processor.process(event("Deposited", 1, "{}"));

            // then
            assertThat(processed.payload()).isEqualTo("{\"v\": 2}");
            assertThat(processed.schemaVersion()).isEqualTo(2);
        }

        @Test
        void describesItsStepsByTypeAndVersion() {
            Upcasters upcasters = new Upcasters(List.of(new Step("b", "Withdrawn", 1, p -> p),
                    new Step("a2", "Deposited", 2, p -> p), new Step("a1", "Deposited", 1, p -> p)));

            assertThat(upcasters).hasToString("[Deposited v1 (a1), Deposited v2 (a2), Withdrawn v1 (b)]");
        }
    }

    @Nested
    class Registration {

        @Test
        void refusesTwoUpcastersForOneTypeAndVersionNamingBoth() {
            List<Upcaster> duplicates = List.of(new Step("first", "Deposited", 1, p -> p),
                    new Step("other", "Withdrawn", 1, p -> p), new Step("second", "Deposited", 1, p -> p));

            assertThatThrownBy(() -> new Upcasters(duplicates))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Two upcasters for Deposited v1: [first] and [second]");
        }

        @Test
        void refusesAFromVersionBelowOneNamingTheUpcaster() {
            assertThatThrownBy(() -> new Upcasters(List.of(new Step("zero", "Deposited", 0, p -> p))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Upcaster [zero]: fromVersion must be at least 1, was 0");
        }

        @Test
        void refusesABlankEventType() {
            assertThatThrownBy(() -> new Upcasters(List.of(new Step("blank", " ", 1, p -> p))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Upcaster [blank]: eventType must not be blank, was ' '");
        }

        @Test
        void namesAnUpcasterByItsClassByDefault() {
            class RenameOwner implements Upcaster {
                @Override
                public String eventType() {
                    return "AccountOpened";
                }

                @Override
                public int fromVersion() {
                    return 1;
                }

                @Override
                public String upcast(Event event) {
                    return event.payload();
                }
            }
            assertThat(new RenameOwner().name()).isEqualTo("RenameOwner");
        }
    }

    @Nested
    class Failures {

        @Test
        void anUpcasterFailureIsWrappedNamingUpcasterEventTypeAndVersion() {
            // given
            Upcasters upcasters = new Upcasters(List.of(new Step("one-to-two", "Deposited", 1, p -> p),
                    new Step("two-to-three", "Deposited", 2, p -> {
                        throw new IllegalArgumentException("amount missing");
                    })));

            // when / then: it fails on the second step, at schema version 2
            assertThatThrownBy(() -> upcasters.upcast(event("Deposited", 1, "{}")))
                    .isInstanceOf(UpcastingException.class)
                    .hasMessage("Upcaster [two-to-three] failed on event " + ID
                            + " of type Deposited, schema version 2 (Account acct-1 v3): amount missing")
                    .hasCauseInstanceOf(IllegalArgumentException.class)
                    .satisfies(e -> assertThat(((UpcastingException) e).event().schemaVersion()).isEqualTo(2));
        }

        @Test
        void aNullPayloadIsAFailureNamingTheUpcaster() {
            Upcasters upcasters = new Upcasters(List.of(new Step("lazy", "Deposited", 1, p -> null)));

            assertThatThrownBy(() -> upcasters.upcast(event("Deposited", 1, "{}")))
                    .isInstanceOf(UpcastingException.class)
                    .hasMessageContaining("Upcaster [lazy] failed on event " + ID)
                    .hasMessageEndingWith("returned no payload");
        }
    }
}
