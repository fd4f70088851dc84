package dev.replay.readers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class VersionContinuityCheckTest {

    private static final UUID EVENT = UUID.fromString("00000000-0000-4000-8000-000000000042");

    private static void feed(VersionContinuityCheck check, String id, long... versions) {
        for (long version : versions) {
            check.check("Account", id, version, EVENT);
        }
    }

    @Nested
    class FromFirstVersion {

        private final VersionContinuityCheck check = VersionContinuityCheck.fromFirstVersion("test", 100);

        @Test
        void acceptsContinuousVersionsOfInterleavedAggregates() {
            assertThatCode(() -> {
                feed(check, "acct-1", 1, 2);
                feed(check, "acct-2", 1);
                feed(check, "acct-1", 3);
                feed(check, "acct-2", 2, 3);
            }).doesNotThrowAnyException();
            assertThat(check.trackedAggregates()).isEqualTo(2);
        }

        @Test
        void reportsAGapNamingAggregateVersionsAndEvent() {
            // given
            feed(check, "acct-1", 1, 2, 3);

            // when / then
            assertThatThrownBy(() -> feed(check, "acct-1", 6))
                    .isInstanceOf(VersionContinuityException.class)
                    .hasMessage("Version gap in aggregate Account/acct-1: expected version 4, found 6 (event " + EVENT + ")");
        }

        @Test
        void reportsARegression() {
            // given
            feed(check, "acct-1", 1, 2, 3);

            // when / then
            assertThatThrownBy(() -> feed(check, "acct-1", 2))
                    .isInstanceOf(VersionContinuityException.class)
                    .hasMessageStartingWith("Version regression in aggregate Account/acct-1: expected version 4, found 2")
                    .satisfies(e -> {
                        VersionContinuityException gap = (VersionContinuityException) e;
                        assertThat(gap.expectedVersion()).isEqualTo(4);
                        assertThat(gap.foundVersion()).isEqualTo(2);
                        assertThat(gap.aggregateId()).isEqualTo("acct-1");
                    });
        }

        @Test
        void reportsARepeatedVersionAsRegression() {
            feed(check, "acct-1", 1, 2);
            assertThatThrownBy(() -> feed(check, "acct-1", 2)).hasMessageContaining("regression").hasMessageContaining("expected version 3, found 2");
        }

        @Test
        void requiresAnUnseenAggregateToStartAtVersionOne() {
            assertThatThrownBy(() -> feed(check, "acct-9", 2))
                    .isInstanceOf(VersionContinuityException.class)
                    .hasMessageStartingWith("Version gap in aggregate Account/acct-9: expected version 1, found 2");
        }

        @Test
        void tellsAggregateTypesApart() {
            // given
            check.check("Account", "1", 1, EVENT);

            // when / then: another type with the same id is another aggregate
            assertThatThrownBy(() -> check.check("Customer", "1", 2, EVENT)).hasMessageContaining("Customer/1: expected version 1");
        }

        @Test
        void followsAnAggregateWithHundredsOfVersionsAmongOthers() {
            // given
            long[] quiet = new long[50];
            for (long version = 1; version <= 700; version++) {
                feed(check, "busy", version);
                int other = (int) (version % quiet.length);
                feed(check, "quiet-" + other, ++quiet[other]);
            }

            // when / then
            assertThatThrownBy(() -> feed(check, "busy", 702)).hasMessageContaining("expected version 701, found 702");
        }
    }

    @Nested
    class FromBaseline {

        private final VersionContinuityCheck check = VersionContinuityCheck.fromBaseline("test", 100);

        @Test
        void takesTheFirstVersionSeenAsBaselineAndChecksFromThere() {
            // given
            feed(check, "acct-1", 41, 42);

            // when / then
            assertThatThrownBy(() -> feed(check, "acct-1", 44)).hasMessageContaining("expected version 43, found 44");
            assertThat(check.requiresFirstVersion()).isFalse();
        }
    }

    @Nested
    class Capacity {

        @Test
        void forgetsEverythingWhenFullAndContinuesInBaselineMode() {
            // given
            VersionContinuityCheck check = VersionContinuityCheck.fromFirstVersion("test", 3);
            feed(check, "a", 1, 2);
            feed(check, "b", 1);
            feed(check, "c", 1);

            // when: a fourth aggregate does not fit
            feed(check, "d", 1);

            // then: aggregates met again and new ones are taken as baseline
            assertThat(check.requiresFirstVersion()).isFalse();
            assertThat(check.trackedAggregates()).isEqualTo(1);
            assertThatCode(() -> feed(check, "a", 3)).doesNotThrowAnyException();
            assertThatCode(() -> feed(check, "e", 7)).doesNotThrowAnyException();
            assertThatThrownBy(() -> feed(check, "a", 5)).hasMessageContaining("expected version 4, found 5");
        }

        @Test
        void stillChecksTheFirstVersionOfTheAggregateThatOverflows() {
            VersionContinuityCheck check = VersionContinuityCheck.fromFirstVersion("test", 1);
            feed(check, "a", 1);
            assertThatThrownBy(() -> feed(check, "b", 2)).hasMessageContaining("b: expected version 1, found 2");
        }

        @Test
        void growsToTrackManyAggregatesWithoutLosingAny() {
            // given
            VersionContinuityCheck check = VersionContinuityCheck.fromFirstVersion("test", 100_000);
            for (int round = 1; round <= 3; round++) {
                for (int i = 0; i < 100_000; i++) {
                    feed(check, "acct-" + i, round);
                }
            }

            // then: still strict, every aggregate still tracked
            assertThat(check.trackedAggregates()).isEqualTo(100_000);
            assertThat(check.requiresFirstVersion()).isTrue();
            assertThatThrownBy(() -> feed(check, "acct-99999", 3)).hasMessageContaining("expected version 4, found 3");
        }

        @Test
        void rejectsANonPositiveCapacity() {
            assertThatThrownBy(() -> VersionContinuityCheck.fromFirstVersion("test", 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("capacity must be positive, was 0");
        }
    }
}
