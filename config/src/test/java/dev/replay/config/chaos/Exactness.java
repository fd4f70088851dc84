package dev.replay.config.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.config.cli.CliRunner.Result;

/**
 * How every chaos scenario ends: the stored events (hot store plus every archived file) are
 * exactly the appended ones, {@code verify} finds no problem, and the live read models equal the
 * independent SQL computation over all appended events.
 */
final class Exactness {

    private Exactness() {
    }

    /** After the scenario's reruns, with {@code account-balances} and {@code event-counts} brought up to date. */
    static void assertExact(ChaosTarget target, AllEvents events) throws Exception {
        events.collectStored(target.archiveFiles());
        events.assertExactlyTheAppendedEvents(AllEvents.STORED);
        assertVerifyClean(target);
        events.assertAccountBalances();
        events.assertEventCounts();
    }

    static void assertVerifyClean(ChaosTarget target) {
        Result verify = target.run("verify");
        assertThat(verify.status()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out()).contains("OK: no problems found");
    }
}
