package dev.replay.config.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.config.ReplayProcess;
import dev.replay.config.cli.CliRunner.Result;
import dev.replay.readers.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Producers keep appending while rebuilds run: before the rebuild's high-water mark, while its
 * replay step is paused at a failpoint with a chunk open (so after the mark, for certain), in a
 * transaction opened before the rebuild and committed during it, and during a second rebuild.
 * The catch-ups that follow bring both read models to exactly the SQL computation over every
 * appended event: none missed, none applied twice.
 */
@DisplayName("Issue 12 chaos: concurrent appends during rebuilds, then catch-ups")
class ConcurrentAppendsChaosIT {

    private TestDatabase database;
    private ChaosTarget target;
    private AllEvents events;

    @TempDir
    Path dir;

    @BeforeEach
    void seed() {
        database = TestDatabase.create();
        target = ChaosTarget.local(database.jdbcUrl(), database.dataSource(), dir);
        target.seed(3000, 60);
        events = new AllEvents(database.dataSource());
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    @DisplayName("Issue 12 chaos: producers append in version order during rebuild account-balances and event-counts; catch-ups: exact")
    void appendsDuringRebuildsThenCatchUps() throws Exception {
        // given
        String failpoint = "rebuild.replay.chunk-written:5";
        try (Producers producers = new Producers(database.dataSource(), 3, 5);
             Connection late = database.dataSource().getConnection()) {
            late.setAutoCommit(false);
            try (Statement statement = late.createStatement()) {
                statement.execute("insert into events (event_id, aggregate_type, aggregate_id, version, event_type, event_data,"
                        + " occurred_at) values (gen_random_uuid(), 'Account', 'chaos-late', 1, 'AccountOpened', '{}', now()),"
                        + " (gen_random_uuid(), 'Account', 'chaos-late', 2, 'Deposited', '{\"amount\": 7.25}', now())");
            }
            producers.append(100);

            // when: the rebuild pauses mid-replay while the producers append and the late transaction commits
            try (ReplayProcess rebuild = target.start(List.of("-Dreplay.failpoint=" + failpoint, PostgresRestartChaosIT.PAUSE),
                    "rebuild", "account-balances", "--replay.rebuild.chunk-size=200", "--replay.rebuild.flush-events=200")) {
                rebuild.awaitLine("FAILPOINT rebuild.replay.chunk-written", Duration.ofMinutes(2));
                producers.append(300);
                late.commit();
                assertThat(rebuild.waitForExit(Duration.ofMinutes(2))).as(rebuild.output()).isZero();
            }
            // and a rebuild of event-counts runs while they append again
            CompletableFuture<Result> counts = CompletableFuture.supplyAsync(() -> target.run("rebuild", "event-counts"));
            producers.append(300);
            Result countsRebuilt = counts.get(2, TimeUnit.MINUTES);
            assertThat(countsRebuilt.status()).as(countsRebuilt.err()).isZero();
            assertThat(producers.appended()).isEqualTo(3 * 700);
        }
        assertThat(events.recordAppended()).isEqualTo(3000 + 3 * 700 + 2);
        Result balancesCaughtUp = target.succeed("rebuild", "account-balances", "--catch-up");
        target.succeed("rebuild", "event-counts", "--catch-up");

        // then
        assertThat(balancesCaughtUp.out()).doesNotContain(" 0 events");
        Exactness.assertExact(target, events);
    }
}
