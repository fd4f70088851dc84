package dev.replay.config.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.config.ReplayProcess;
import dev.replay.config.cli.CliRunner;
import dev.replay.config.cli.CliRunner.Result;
import dev.replay.readers.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Events whose payloads break account-balances' arithmetic, inserted by SQL next to seeded ones, then
 * rebuilt through the CLI: with {@code replay.skip-invalid} each is dead-lettered with its reason and
 * the balances are those of the valid events; without it the run fails naming the first one.
 */
class InvalidEventsIT {

    private static final String SKIP = "--replay.skip-invalid=true";
    private static final String UPCAST = "--replay.upcasters.deposited-amount.enabled=true";
    /** Payloads (type, JSON) and a piece of the reason each must be dead-lettered with. */
    private static final String[][] BAD = {
        {"Deposited", "{\"amount\": 1e20}", "amount must be at most 9999999999999999.99, was 100000000000000000000"},
        {"Deposited", "{\"amount\": \"abc\"}", "amount must be a JSON number or an object with a decimal value, was \"abc\""},
        {"Deposited", "{\"amount\": -1e400}", "amount must not be negative, was -1E+400"},
        {"Deposited", "{\"amount\": 1e400}", "amount must be at most 9999999999999999.99, was 1E+400"},
        {"Deposited", "{\"amount\": null}", "was null"},
        {"Deposited", "{}", "was missing"},
        {"Deposited", "[1, 2]", "payload must be a JSON object, was [1,2]"},
        {"Withdrawn", "{\"amount\": 1e20}", "amount must be at most 9999999999999999.99, was 100000000000000000000"},
        {"Withdrawn", "{\"amount\": \"abc\"}", "was \"abc\""},
        {"Withdrawn", "\"5.00\"", "payload must be a JSON object, was \"5.00\""},
        {"AccountOpened", "{\"owner\": 42, \"currency\": \"EUR\"}", "owner must be a JSON string, was 42"},
        {"AccountOpened", "{\"owner\": \"Ada\", \"currency\": \"euro\"}", "currency must be a three-letter code"},
    };

    private TestDatabase database;
    private JdbcTemplate jdbc;
    /** The bad events inserted, with the reason each must be dead-lettered with, in replay order. */
    private final Map<UUID, String> bad = new LinkedHashMap<>();
    private final Map<UUID, String> badNames = new HashMap<>();

    @TempDir
    Path workDir;

    @BeforeEach
    void seed() {
        database = TestDatabase.create();
        jdbc = new JdbcTemplate(database.dataSource());
        assertThat(run("seed", "--events", "5000", "--accounts", "100", "--days", "5").status()).isZero();
    }

    @AfterEach
    void close() {
        database.close();
    }

    private Result run(String... args) {
        return CliRunner.against(database.jdbcUrl(), args);
    }

    private UUID insert(String account, long version, String type, String payload, Instant at) {
        UUID id = UUID.randomUUID();
        jdbc.update("insert into events (event_id, aggregate_type, aggregate_id, version, event_type, event_data, occurred_at)"
                + " values (?, 'Account', ?, ?, ?, ?::jsonb, ?::timestamptz)", id, account, version, type, payload, at.toString());
        return id;
    }

    private UUID insertBad(String account, long version, String type, String payload, Instant at, String reason) {
        UUID id = insert(account, version, type, payload, at);
        bad.put(id, reason);
        badNames.put(id, "Invalid event " + id + " of type " + type + " (Account " + account + " v" + version + ")");
        return id;
    }

    /**
     * Accounts of their own, before every seeded event in replay order (so that they fall into the
     * first chunks): each has a bad event between valid ones; a whale's deposits are each valid but
     * the second would take its balance past 9999999999999999.99, and a second whale's deposits lie
     * far apart, its second one after every seeded event.
     */
    private void insertBadAccounts() {
        Instant at = Instant.parse("2020-01-01T00:00:00Z");
        for (int i = 0; i < BAD.length; i++) {
            String account = "bad-" + i;
            insert(account, 1, "AccountOpened", "{\"owner\": \"x\", \"currency\": \"EUR\"}", at = at.plusSeconds(1));
            insert(account, 2, "Deposited", "{\"amount\": 10.00}", at = at.plusSeconds(1));
            insertBad(account, 3, BAD[i][0], BAD[i][1], at = at.plusSeconds(1), BAD[i][2]);
            insert(account, 4, "Deposited", "{\"amount\": 5.00}", at = at.plusSeconds(1));
            insert(account, 5, "Withdrawn", "{\"amount\": 2.00}", at = at.plusSeconds(1));
        }
        insert("whale", 1, "AccountOpened", "{\"owner\": \"w\"}", at = at.plusSeconds(1));
        insert("whale", 2, "Deposited", "{\"amount\": 6000000000000000}", at = at.plusSeconds(1));
        insertBad("whale", 3, "Deposited", "{\"amount\": 6000000000000000}", at = at.plusSeconds(1),
                "balance of account whale would leave the range ±9999999999999999.99: 6000000000000000.00 + 6000000000000000.00");
        insert("whale", 4, "Withdrawn", "{\"amount\": 1000000000000000}", at = at.plusSeconds(1));
        insert("whale", 5, "Deposited", "{\"amount\": 4000000000000000.50}", at = at.plusSeconds(1));
        insert("whale-2", 1, "AccountOpened", "{\"owner\": \"w\"}", at = at.plusSeconds(1));
        insert("whale-2", 2, "Deposited", "{\"amount\": 9000000000000000}", at = at.plusSeconds(1));
        Instant late = Instant.parse("2030-01-01T00:00:00Z");
        insertBad("whale-2", 3, "Deposited", "{\"amount\": 1000000000000000}", late,
                "balance of account whale-2 would leave the range");
        insert("whale-2", 4, "Withdrawn", "{\"amount\": 0.01}", late.plusSeconds(1));
    }

    /** account_balance computed by SQL from the events that are not bad, as DESIGN.md defines it. */
    private String expected() {
        String excluded = bad.keySet().stream().map(id -> "'" + id + "'").collect(Collectors.joining(", "));
        return AccountBalances.digest(database.dataSource(), AccountBalances.EXPECTED.replace("where aggregate_type = 'Account'",
                "where aggregate_type = 'Account' and event_id not in (" + excluded + ")"));
    }

    private void assertEveryBadEventDeadLetteredOnceWithItsReason() {
        Map<UUID, String> letters = new HashMap<>();
        jdbc.query("select event_id, error from replay_dead_letter where projection = 'account-balances'",
                rs -> { letters.put(rs.getObject(1, UUID.class), rs.getString(2)); });
        assertThat(letters).containsOnlyKeys(bad.keySet());
        bad.forEach((id, reason) -> assertThat(letters.get(id)).contains(badNames.get(id)).contains(reason));
    }

    @Nested
    @DisplayName("Issue 12 defect 6: a full rebuild with skip-invalid dead-letters payloads that break arithmetic")
    class FullRebuild {

        @Test
        void deadLettersEachBadEventWithItsReasonAndBuildsTheBalancesOfTheValidEvents() {
            // given
            insertBadAccounts();

            // when: chunks of 500, the fold written every 1,500 events, so whale-2's deposits fall into different writes
            Result rebuild = run("rebuild", "account-balances", SKIP, "--replay.rebuild.chunk-size=500",
                    "--replay.rebuild.flush-events=1500");

            // then
            assertThat(rebuild.status()).as(rebuild.err()).isZero();
            assertEveryBadEventDeadLetteredOnceWithItsReason();
            assertThat(AccountBalances.actual(database.dataSource())).isEqualTo(expected());
            assertThat(jdbc.queryForObject("select balance::text from account_balance where account_id = 'whale'",
                    String.class)).isEqualTo("9000000000000000.50");
        }

        @Test
        void deadLettersEachBadEventOnceAcrossPartitions() {
            // given
            insertBadAccounts();

            // when
            Result rebuild = run("rebuild", "account-balances", SKIP, "--partitions", "3",
                    "--replay.rebuild.chunk-size=500", "--replay.rebuild.flush-events=1500");

            // then
            assertThat(rebuild.status()).as(rebuild.err()).isZero();
            assertEveryBadEventDeadLetteredOnceWithItsReason();
            assertThat(AccountBalances.actual(database.dataSource())).isEqualTo(expected());
        }

        @Test
        void failsWithoutSkipInvalidNamingTheFirstBadEventAndTheProblem() {
            // given
            insertBadAccounts();

            // when
            Result rebuild = run("rebuild", "account-balances");

            // then
            UUID first = bad.keySet().iterator().next();
            assertThat(rebuild.status()).isEqualTo(1);
            assertThat(rebuild.err()).contains(badNames.get(first)).contains(bad.get(first));
            assertThat(rebuild.err().strip().lines()).hasSize(1);
        }

        @Test
        void killedAfterItsDeadLettersCommittedAndRerunRecordsEachOnceAndAppliesNothingTwice() throws Exception {
            // given: chunks of 20 (the bad accounts fill the first four), the fold written only at the end
            insertBadAccounts();
            try (ReplayProcess process = ReplayProcess.start(workDir, List.of("-Dreplay.failpoint=rebuild.replay.chunk-written:6"),
                    "rebuild", "account-balances", SKIP, "--replay.rebuild.chunk-size=20",
                    "--replay.rebuild.flush-events=100000", "--spring.datasource.url=" + database.jdbcUrl(),
                    "--spring.datasource.username=postgres")) {
                process.awaitLine("FAILPOINT rebuild.replay.chunk-written", Duration.ofMinutes(2));
                process.kill();
            }
            assertThat(jdbc.queryForObject("select count(*) from replay_dead_letter", Long.class)).isPositive();

            // when
            Result rerun = run("rebuild", "account-balances", SKIP);

            // then
            assertThat(rerun.status()).as(rerun.err()).isZero();
            assertEveryBadEventDeadLetteredOnceWithItsReason();
            assertThat(AccountBalances.actual(database.dataSource())).isEqualTo(expected());
        }

        @Test
        void deadLettersADepositItsUpcasterCannotReadNamingTheUpcaster() {
            // given
            UUID unreadable = insertBad("up-1", 2, "Deposited", "{\"amount\": \"lots\"}", Instant.parse("2020-01-01T00:00:02Z"),
                    "upcaster [DepositedAmountUpcaster] failed from schema version 1: amount must be a JSON number, was \"lots\"");
            insert("up-1", 1, "AccountOpened", "{\"owner\": \"u\"}", Instant.parse("2020-01-01T00:00:01Z"));
            insert("up-1", 3, "Deposited", "{\"amount\": 1.50}", Instant.parse("2020-01-01T00:00:03Z"));

            // when
            Result rebuild = run("rebuild", "account-balances", SKIP, UPCAST);

            // then
            assertThat(rebuild.status()).as(rebuild.err()).isZero();
            assertEveryBadEventDeadLetteredOnceWithItsReason();
            assertThat(AccountBalances.actual(database.dataSource())).isEqualTo(expected());
            assertThat(jdbc.queryForObject("select balance::text from account_balance where account_id = 'up-1'", String.class))
                    .isEqualTo("1.50");
            assertThat(unreadable).isNotNull();
        }
    }

    @Nested
    @DisplayName("Issue 12 defect 6: a catch-up with skip-invalid dead-letters payloads that break arithmetic")
    class CatchUp {

        /** After a clean rebuild: bad events appended to seeded accounts, each followed by a valid one, and the bad accounts. */
        private void appendBadEvents() {
            Result rebuild = run("rebuild", "account-balances");
            assertThat(rebuild.status()).as(rebuild.err()).isZero();
            Instant at = Instant.parse("2030-06-01T00:00:00Z");
            List<String> accounts = jdbc.queryForList("select distinct aggregate_id from events order by 1 limit ?",
                    String.class, BAD.length);
            for (int i = 0; i < BAD.length; i++) {
                long next = jdbc.queryForObject("select max(version) + 1 from events where aggregate_id = ?", Long.class,
                        accounts.get(i));
                insertBad(accounts.get(i), next, BAD[i][0], BAD[i][1], at = at.plusSeconds(1), BAD[i][2]);
                insert(accounts.get(i), next + 1, "Deposited", "{\"amount\": 3.00}", at = at.plusSeconds(1));
            }
            insertBadAccounts();
        }

        @Test
        void deadLettersEachBadEventWithItsReasonAndAppliesTheValidEvents() {
            // given
            appendBadEvents();

            // when
            Result catchUp = run("rebuild", "account-balances", "--catch-up", SKIP, "--replay.rebuild.chunk-size=50");

            // then
            assertThat(catchUp.status()).as(catchUp.err()).isZero();
            assertEveryBadEventDeadLetteredOnceWithItsReason();
            assertThat(AccountBalances.actual(database.dataSource())).isEqualTo(expected());
        }

        @Test
        void failsWithoutSkipInvalidNamingTheFirstBadEventAndTheProblem() {
            // given
            appendBadEvents();

            // when
            Result catchUp = run("rebuild", "account-balances", "--catch-up");

            // then: the bad accounts' events come first in replay order
            UUID first = bad.entrySet().stream().filter(e -> badNames.get(e.getKey()).contains("bad-0"))
                    .findFirst().orElseThrow().getKey();
            assertThat(catchUp.status()).isEqualTo(1);
            assertThat(catchUp.err()).contains(badNames.get(first)).contains(bad.get(first));
            assertThat(catchUp.err().strip().lines()).hasSize(1);
        }
    }
}
