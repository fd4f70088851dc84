package dev.replay.config.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.jobs.support.Failpoint;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The crashing binding, reached through {@link Failpoint} as the jobs reach it (bound by this tree's service file). */
class CrashingFailpointsTest {

    @AfterEach
    void disarm() {
        System.clearProperty("replay.failpoint");
        System.clearProperty("replay.failpoint.pause-ms");
    }

    @Test
    @DisplayName("A failpoint armed with replay.failpoint.pause-ms pauses at its n-th reach, then goes on")
    void pausesAtTheNthReachThenGoesOn() {
        // given
        System.setProperty("replay.failpoint", "test.pause:2");
        System.setProperty("replay.failpoint.pause-ms", "300");

        // when
        long first = timed(() -> Failpoint.reach("test.pause"));
        long second = timed(() -> Failpoint.reach("test.pause"));
        long third = timed(() -> Failpoint.reach("test.pause"));

        // then
        assertThat(second).isGreaterThanOrEqualTo(Duration.ofMillis(300).toNanos());
        assertThat(first).isLessThan(second);
        assertThat(third).isLessThan(second);
    }

    @Test
    @DisplayName("A failpoint of another name does not pause")
    void anotherNameDoesNotPause() {
        // given
        System.setProperty("replay.failpoint", "test.elsewhere");
        System.setProperty("replay.failpoint.pause-ms", "5000");

        // when
        long elapsed = timed(() -> Failpoint.reach("test.here"));

        // then
        assertThat(elapsed).isLessThan(Duration.ofSeconds(5).toNanos());
    }

    private static long timed(Runnable action) {
        long start = System.nanoTime();
        action.run();
        return System.nanoTime() - start;
    }
}
