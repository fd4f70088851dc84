package dev.replay.config.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.config.cli.CliRunner;
import dev.replay.config.cli.CliRunner.Result;
import dev.replay.readers.testing.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** The rebuild job end to end through the CLI, on a real PostgreSQL. */
class RebuildIT {

    private TestDatabase database;
    private JdbcTemplate jdbc;

    @BeforeEach
    void seed() {
        database = TestDatabase.create();
        jdbc = new JdbcTemplate(database.dataSource());
        assertThat(run("seed", "--events", "20000", "--accounts", "500", "--days", "20").status()).isZero();
    }

    @AfterEach
    void close() {
        database.close();
    }

    private Result run(String... args) {
        return CliRunner.against(database.jdbcUrl(), args);
    }

    private void append(String aggregateId, long version, String type, String payload) {
        jdbc.update("insert into events (event_id, aggregate_type, aggregate_id, version, event_type, event_data, occurred_at)"
                + " values (?, 'Account', ?, ?, ?, ?::jsonb, now())", UUID.randomUUID(), aggregateId, version, type, payload);
    }

    @Test
    void buildsExactlyWhatTheEventsSayAndServesItThroughTheStableName() {
        // when
        Result rebuild = run("rebuild", "account-balances");

        // then
        assertThat(rebuild.status()).as(rebuild.err()).isZero();
        assertThat(rebuild.out()).contains("rebuild [account-balances] completed").contains("20,000 events");
        assertThat(AccountBalances.actual(database.dataSource())).isEqualTo(AccountBalances.expected(database.dataSource()));
        assertThat(jdbc.queryForObject("select table_type from information_schema.tables where table_name = 'account_balance'",
                String.class)).isEqualTo("VIEW");
    }

    @Test
    void aSecondRebuildSwapsInANewCopyAndDropsTheOld() {
        // given
        run("rebuild", "account-balances");

        // when
        Result second = run("rebuild", "account-balances");

        // then
        assertThat(second.status()).as(second.err()).isZero();
        assertThat(jdbc.queryForList("select table_name from information_schema.tables where table_name like 'account_balance__b%'",
                String.class)).containsExactly("account_balance__b2");
        assertThat(AccountBalances.actual(database.dataSource())).isEqualTo(AccountBalances.expected(database.dataSource()));
    }

    @Test
    void eventCountsCountEventsPerUtcDayAndType() {
        // when
        Result rebuild = run("rebuild", "event-counts");

        // then
        assertThat(rebuild.status()).as(rebuild.err()).isZero();
        String expected = "select (occurred_at at time zone 'UTC')::date as day, event_type, count(*) as events"
                + " from events group by 1, 2 except select day, event_type, events from event_count";
        assertThat(jdbc.queryForList(expected)).isEmpty();
        assertThat(jdbc.queryForObject("select sum(events) from event_count", Long.class)).isEqualTo(20_000L);
    }

    @Nested
    class CatchUp {

        @Test
        void appliesOnlyWhatCommittedSinceTheLastRun() {
            // given
            run("rebuild", "account-balances");
            run("seed", "--events", "3000", "--accounts", "50", "--seed", "7");
            append("acct-42-000001", jdbc.queryForObject(
                    "select max(version) + 1 from events where aggregate_id = 'acct-42-000001'", Long.class),
                    "Deposited", "{\"amount\": 1000.00}");

            // when
            Result catchUp = run("rebuild", "account-balances", "--catch-up");

            // then
            assertThat(catchUp.status()).as(catchUp.err()).isZero();
            assertThat(catchUp.out()).contains("3,001 events");
            assertThat(AccountBalances.actual(database.dataSource())).isEqualTo(AccountBalances.expected(database.dataSource()));
        }

        @Test
        void missesNoEventOfTransactionsThatCommitLateOrOutOfOrder() throws Exception {
            // given: A opens first and commits last, B commits while the rebuild's mark is taken
            try (Connection a = database.dataSource().getConnection(); Connection b = database.dataSource().getConnection()) {
                a.setAutoCommit(false);
                b.setAutoCommit(false);
                insert(a, "late-a");
                insert(b, "late-b");
                b.commit();

                // when
                Result rebuild = run("rebuild", "account-balances");
                a.commit();
                Result catchUp = run("rebuild", "account-balances", "--catch-up");

                // then
                assertThat(rebuild.status()).as(rebuild.err()).isZero();
                assertThat(rebuild.out()).contains("20,000 events");
                assertThat(catchUp.status()).as(catchUp.err()).isZero();
                assertThat(catchUp.out()).contains("2 events");
                assertThat(AccountBalances.actual(database.dataSource()))
                        .isEqualTo(AccountBalances.expected(database.dataSource()));
            }
        }

        private void insert(Connection connection, String accountId) throws Exception {
            try (Statement statement = connection.createStatement()) {
                statement.execute("insert into events (event_id, aggregate_type, aggregate_id, version, event_type, event_data,"
                        + " occurred_at) values (gen_random_uuid(), 'Account', '" + accountId + "', 1, 'AccountOpened',"
                        + " '{\"owner\": \"x\"}', '2026-01-05T00:00:00Z')");
            }
        }

        @Test
        void isRefusedWithoutALiveBuild() {
            Result catchUp = run("rebuild", "account-balances", "--catch-up");
            assertThat(catchUp.status()).isEqualTo(1);
            assertThat(catchUp.err()).contains("has no live build").contains("run a full rebuild first");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"flush-events=0", "fold-max-held=-1", "chunk-size=0"})
    void anOutOfRangeRebuildPropertyExitsTwoNamingItAndItsValue(String setting) {
        // when
        Result rebuild = run("rebuild", "account-balances", "--replay.rebuild." + setting);

        // then
        String[] property = setting.split("=");
        assertThat(rebuild.status()).isEqualTo(2);
        assertThat(rebuild.err().strip()).isEqualTo("replay rebuild: replay.rebuild." + property[0]
                + " must be positive, was " + property[1]);
        assertThat(jdbc.queryForObject("select count(*) from batch_job_execution", Long.class)).isZero();
    }

    @Nested
    class BadData {

        @Test
        void aVersionGapFailsNamingTheAggregateAndVersions() {
            // given
            jdbc.update("delete from events where aggregate_id = 'acct-42-000003' and version = 2");

            // when
            Result rebuild = run("rebuild", "account-balances");

            // then
            assertThat(rebuild.status()).isEqualTo(1);
            assertThat(rebuild.err()).contains("Version gap in aggregate Account/acct-42-000003: expected version 2, found 3");
            assertThat(rebuild.err().strip().lines()).hasSize(1);
        }

        @Test
        void anInvalidPayloadFailsNamingTheEventAndARerunAfterTheFixCompletes() {
            // given
            UUID bad = jdbc.queryForObject("select event_id from events where event_type = 'Deposited'"
                    + " order by occurred_at desc, version desc, event_id desc limit 1 offset 100", UUID.class);
            jdbc.update("update events set event_data = '{\"amount\": \"lots\"}' where event_id = ?", bad);

            // when
            // the fold written with every chunk: the rerun resumes after the last chunk before the bad one
            Result failed = run("rebuild", "account-balances", "--replay.rebuild.chunk-size=2000",
                    "--replay.rebuild.flush-events=2000");
            jdbc.update("update events set event_data = '{\"amount\": 12.34}' where event_id = ?", bad);
            Result rerun = run("rebuild", "account-balances", "--replay.rebuild.chunk-size=2000");

            // then
            assertThat(failed.status()).isEqualTo(1);
            assertThat(failed.err()).contains(bad.toString()).contains("restart");
            assertThat(rerun.status()).as(rerun.err()).isZero();
            assertThat(rerun.out()).doesNotContain("20,000 events"); // resumed, not replayed from the start
            assertThat(jdbc.queryForObject("select count(distinct job_instance_id) from batch_job_execution", Long.class))
                    .isEqualTo(1L);
            assertThat(AccountBalances.actual(database.dataSource())).isEqualTo(AccountBalances.expected(database.dataSource()));
        }

        @Test
        void withSkipInvalidAnInvalidEventGoesToTheDeadLetterTableAndTheRestIsApplied() {
            // given
            UUID bad = jdbc.queryForObject("select event_id from events where event_type = 'Withdrawn' limit 1", UUID.class);
            jdbc.update("update events set event_data = '[1, 2]' where event_id = ?", bad);

            // when
            Result rebuild = run("rebuild", "account-balances", "--replay.skip-invalid=true");

            // then
            assertThat(rebuild.status()).as(rebuild.err()).isZero();
            assertThat(jdbc.queryForList("select event_id from replay_dead_letter", UUID.class)).containsExactly(bad);
            String account = jdbc.queryForObject("select aggregate_id from events where event_id = ?", String.class, bad);
            String others = " where account_id <> '" + account + "'";
            assertThat(AccountBalances.digest(database.dataSource(), "select * from (" + AccountBalances.EXPECTED + ") e" + others))
                    .isEqualTo(AccountBalances.digest(database.dataSource(),
                            "select account_id, balance, status, version, updated_at from account_balance" + others));
        }

        @Test
        void unknownEventTypesAreSkippedAndAnAggregateWithHundredsOfVersionsReplaysInOrder() {
            // given
            for (long version = 1; version <= 600; version++) {
                append("big-1", version, version == 1 ? "AccountOpened" : version % 7 == 0 ? "NicknameChanged" : "Deposited",
                        version == 1 ? "{\"owner\": \"big\"}" : "{\"amount\": 1.00}");
            }

            // when
            Result rebuild = run("rebuild", "account-balances");

            // then
            assertThat(rebuild.status()).as(rebuild.err()).isZero();
            assertThat(AccountBalances.actual(database.dataSource())).isEqualTo(AccountBalances.expected(database.dataSource()));
            assertThat(jdbc.queryForObject("select balance from account_balance where account_id = 'big-1'", String.class))
                    .isEqualTo("514.00");
        }
    }

    @Nested
    class Concurrency {

        @Test
        void aSecondLaunchOfTheSameRebuildIsRefused() throws Exception {
            try (Connection holder = database.dataSource().getConnection(); Statement statement = holder.createStatement()) {
                // given: another process holds the projection's run lock
                statement.execute("select pg_advisory_lock(hashtext('replay:rebuild:account-balances'))");

                // when
                Result second = run("rebuild", "account-balances");

                // then
                assertThat(second.status()).isEqualTo(1);
                assertThat(second.err()).contains("Rebuild [account-balances] is already running");
            }
        }

        @Test
        void anUnknownProjectionIsAUsageErrorListingTheKnownOnes() {
            Result rebuild = run("rebuild", "balances");
            assertThat(rebuild.status()).isEqualTo(2);
            assertThat(rebuild.err()).contains("Unknown projection 'balances'").contains("account-balances");
        }
    }
}
