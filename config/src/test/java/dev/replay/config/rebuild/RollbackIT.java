package dev.replay.config.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.config.ReplayProcess;
import dev.replay.config.cli.CliRunner;
import dev.replay.config.cli.CliRunner.Result;
import dev.replay.readers.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@code rollback <projection>}: a kept copy swapped back in, and the catch-up after it exact. */
class RollbackIT {

    private static final String KEEP_ONE = "--replay.rebuild.keep-copies=1";

    private TestDatabase database;
    private JdbcTemplate jdbc;

    @TempDir
    Path workDir;

    @BeforeEach
    void seed() {
        database = TestDatabase.create();
        jdbc = new JdbcTemplate(database.dataSource());
        assertThat(run("seed", "--events", "6000", "--accounts", "200", "--days", "10").status()).isZero();
    }

    @AfterEach
    void close() {
        database.close();
    }

    private Result run(String... args) {
        return CliRunner.against(database.jdbcUrl(), args);
    }

    private Result rebuild(String... more) {
        List<String> args = new ArrayList<>(List.of("rebuild", "account-balances", KEEP_ONE));
        args.addAll(List.of(more));
        Result rebuild = run(args.toArray(String[]::new));
        assertThat(rebuild.status()).as(rebuild.err()).isZero();
        return rebuild;
    }

    /** A deposit of {@code amount} on each of the first {@code accounts} accounts, at their next versions. */
    private void deposit(int accounts, String amount) {
        List<String> ids = jdbc.queryForList("select aggregate_id from events where aggregate_type = 'Account'"
                + " group by aggregate_id order by aggregate_id limit ?", String.class, accounts);
        for (String id : ids) {
            jdbc.update("insert into events (event_id, aggregate_type, aggregate_id, version, event_type, event_data,"
                    + " occurred_at) select ?, 'Account', ?, max(version) + 1, 'Deposited', ?::jsonb, now() from events"
                    + " where aggregate_type = 'Account' and aggregate_id = ?", UUID.randomUUID(), id,
                    "{\"amount\": " + amount + "}", id);
        }
    }

    private String liveMark() {
        return jdbc.queryForObject("select high_water_mark from projection_build where projection = 'account-balances'"
                + " and status = 'live'", String.class);
    }

    private long liveBuild() {
        return jdbc.queryForObject("select build from projection_build where projection = 'account-balances'"
                + " and status = 'live'", Long.class);
    }

    @Test
    @DisplayName("Issue 16: rollback then catch-up is exact: build 1 live again with its mark, the catch-up applies"
            + " everything after it")
    void rollbackThenCatchUpIsExact() {
        // given: build 1, appends, build 2
        rebuild();
        String firstBuilt = AccountBalances.actual(database.dataSource());
        String firstMark = liveMark();
        deposit(40, "7.25");
        rebuild();
        assertThat(liveBuild()).isEqualTo(2);

        // when
        Result rollback = run("rollback", "account-balances", KEEP_ONE);

        // then
        assertThat(rollback.status()).as(rollback.err()).isZero();
        assertThat(rollback.out()).contains("build 1 is live again (high-water mark " + firstMark + "); build 2 is kept");
        assertThat(liveBuild()).isEqualTo(1);
        assertThat(liveMark()).isEqualTo(firstMark);
        assertThat(AccountBalances.actual(database.dataSource())).isEqualTo(firstBuilt);

        // and when: more appends, then a catch-up
        deposit(60, "3.10");
        Result catchUp = run("rebuild", "account-balances", "--catch-up", KEEP_ONE);

        // then
        assertThat(catchUp.status()).as(catchUp.err()).isZero();
        assertThat(catchUp.out()).contains("100 events");
        assertThat(AccountBalances.actual(database.dataSource())).isEqualTo(AccountBalances.expected(database.dataSource()));
        assertThat(jdbc.queryForList("select build from projection_build where dropped_at is null and status = 'retired'",
                Long.class)).containsExactly(2L);
    }

    @Test
    @DisplayName("Issue 16: archival holds back what committed after a kept copy's mark, so a rollback after an"
            + " archive run still catches up exactly")
    void rollbackAfterArchivalCatchesUpExactly() {
        // given: build 1, then an account backdated before the archive cutoff, build 2, an archive run
        String[] archive = {"--replay.archive.uri=" + workDir.resolve("archive").toUri(),
            "--replay.data-dir=" + workDir.resolve("data")};
        rebuild(archive);
        jdbc.update("insert into events (event_id, aggregate_type, aggregate_id, version, event_type, event_data,"
                + " occurred_at) values (?, 'Account', 'acct-backdated', 1, 'AccountOpened', '{}'::jsonb,"
                + " '2025-06-01T00:00:00Z'), (?, 'Account', 'acct-backdated', 2, 'Deposited', '{\"amount\": 4.20}'::jsonb,"
                + " '2025-06-02T00:00:00Z')", UUID.randomUUID(), UUID.randomUUID());
        String expected = AccountBalances.expected(database.dataSource());
        rebuild(archive);
        List<String> archiveArgs = new ArrayList<>(List.of("archive", "--before", "2026-01-04T00:00:00Z", KEEP_ONE));
        archiveArgs.addAll(List.of(archive));
        Result archived = run(archiveArgs.toArray(String[]::new));
        assertThat(archived.status()).as(archived.err()).isZero();
        assertThat(archived.out()).contains("held back 2 events committed after the live build of projection"
                + " account-balances").contains("a kept copy");
        assertThat(jdbc.queryForObject("select count(*) from archive_segment", Long.class)).isPositive();

        // when
        Result rollback = run("rollback", "account-balances", KEEP_ONE);
        Result catchUp = run("rebuild", "account-balances", "--catch-up", KEEP_ONE, archive[0], archive[1]);

        // then
        assertThat(rollback.status()).as(rollback.err()).isZero();
        assertThat(catchUp.status()).as(catchUp.err()).isZero();
        assertThat(AccountBalances.actual(database.dataSource())).isEqualTo(expected);
    }

    /** Builds 1 and 2, with a catch-up of build 1 killed after its first committed chunk in between. */
    private void partialCatchUpOfBuildOneThenBuildTwo() throws Exception {
        rebuild();
        deposit(200, "1.00");
        try (ReplayProcess catchUp = ReplayProcess.start(workDir, List.of("-Dreplay.failpoint=rebuild.replay.chunk-written:2"),
                "rebuild", "account-balances", "--catch-up", KEEP_ONE, "--replay.rebuild.chunk-size=50",
                "--spring.datasource.url=" + database.jdbcUrl(), "--spring.datasource.username=postgres")) {
            catchUp.awaitLine("FAILPOINT rebuild.replay.chunk-written", Duration.ofMinutes(2));
            catchUp.kill();
        }
        rebuild();
    }

    @Test
    @DisplayName("Issue 16: a rollback to a copy holding part of a catch-up resumes that catch-up exactly")
    void aPartialCatchUpOfTheCopyResumesAfterTheRollback() throws Exception {
        // given
        partialCatchUpOfBuildOneThenBuildTwo();

        // when
        Result rollback = run("rollback", "account-balances", KEEP_ONE);
        Result catchUp = run("rebuild", "account-balances", "--catch-up", KEEP_ONE);

        // then
        assertThat(rollback.status()).as(rollback.err()).isZero();
        assertThat(catchUp.status()).as(catchUp.err()).isZero();
        assertThat(catchUp.out()).contains("150 events");
        assertThat(AccountBalances.actual(database.dataSource())).isEqualTo(AccountBalances.expected(database.dataSource()));
    }

    @Test
    @DisplayName("Issue 16: a rollback to a copy holding part of a superseded catch-up is refused (exit 1), nothing changed")
    void aPartialSupersededCatchUpOfTheCopyRefusesTheRollback() throws Exception {
        // given: a catch-up of build 2 abandons the partial one of build 1
        partialCatchUpOfBuildOneThenBuildTwo();
        rebuild("--catch-up");

        // when
        Result rollback = run("rollback", "account-balances", KEEP_ONE);

        // then
        assertThat(rollback.status()).isEqualTo(1);
        assertThat(rollback.err()).contains("cannot roll back to build 1: catch-up execution")
                .contains("never completed, and a newer catch-up superseded it");
        assertThat(liveBuild()).isEqualTo(2);
    }

    @Test
    @DisplayName("Issue 16: rollback with keep-copies 0 exits 2 saying so, and changes nothing")
    void refusesWhenNoCopiesAreKept() {
        // given
        rebuild();
        rebuild();

        // when
        Result rollback = run("rollback", "account-balances");

        // then
        assertThat(rollback.status()).isEqualTo(2);
        assertThat(rollback.err()).contains("replay.rebuild.keep-copies is 0").doesNotContain("Exception");
        assertThat(liveBuild()).isEqualTo(2);
    }

    @Test
    @DisplayName("Issue 16: rollback without a kept copy, or of an unknown projection, exits 2 saying so")
    void refusesWithoutAKeptCopy() {
        // given
        Result none = run("rollback", "account-balances", KEEP_ONE);
        rebuild();

        // when
        Result rollback = run("rollback", "account-balances", KEEP_ONE);

        // then
        assertThat(none.status()).isEqualTo(2);
        assertThat(none.err()).contains("has no live build to roll back");
        assertThat(rollback.status()).isEqualTo(2);
        assertThat(rollback.err()).contains("Projection [account-balances] has no kept copy older than live build 1");
        assertThat(run("rollback", "no-such", KEEP_ONE).status()).isEqualTo(2);
        assertThat(liveBuild()).isEqualTo(1);
    }

    @Test
    @DisplayName("Issue 16: a view grant survives the rollback")
    void aGrantOnTheViewSurvives() {
        // given
        String reader = "reader_" + database.name();
        jdbc.execute("create role " + reader);
        rebuild();
        rebuild();
        jdbc.execute("grant select on account_balance to " + reader);

        // when
        Result rollback = run("rollback", "account-balances", KEEP_ONE);

        // then
        assertThat(rollback.status()).as(rollback.err()).isZero();
        assertThat(jdbc.queryForObject("select has_table_privilege(?, 'account_balance', 'select')", Boolean.class,
                reader)).isTrue();
    }

    @Test
    @DisplayName("Issue 16: rollback refuses (exit 1) while a catch-up of the projection runs, and never swaps under it")
    void refusesWhileACatchUpRuns() throws Exception {
        // given: builds 1 and 2, and a catch-up of build 2 frozen after its first chunk
        rebuild();
        rebuild();
        deposit(200, "1.00");
        try (ReplayProcess catchUp = ReplayProcess.start(workDir, List.of("-Dreplay.failpoint=rebuild.replay.chunk-written:1"),
                "rebuild", "account-balances", "--catch-up", KEEP_ONE, "--replay.rebuild.chunk-size=50",
                "--spring.datasource.url=" + database.jdbcUrl(), "--spring.datasource.username=postgres")) {
            catchUp.awaitLine("FAILPOINT rebuild.replay.chunk-written", Duration.ofMinutes(2));

            // when
            Result rollback = run("rollback", "account-balances", KEEP_ONE);

            // then
            assertThat(rollback.status()).isEqualTo(1);
            assertThat(rollback.err()).contains("cannot roll back while a rebuild or catch-up of it runs (execution");
            assertThat(liveBuild()).isEqualTo(2);
            catchUp.kill();
        }
        Result resumed = run("rebuild", "account-balances", "--catch-up", KEEP_ONE);
        assertThat(resumed.status()).as(resumed.err()).isZero();
        assertThat(AccountBalances.actual(database.dataSource())).isEqualTo(AccountBalances.expected(database.dataSource()));
    }
}
