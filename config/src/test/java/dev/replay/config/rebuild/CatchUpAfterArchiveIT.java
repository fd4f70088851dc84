package dev.replay.config.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.config.cli.CliRunner;
import dev.replay.config.cli.CliRunner.Result;
import dev.replay.readers.testing.TestDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Archival holds back what a catch-up has not applied yet: an event appended after the live
 * builds, backdated before the archive cutoff, stays in the hot store until every projection has
 * caught up with it, and only then moves to the archive.
 */
class CatchUpAfterArchiveIT {

    private static final String CUTOFF = "2026-01-06T00:00:00Z";

    /** event_count against the counts over every event, taken before archival moved any. */
    private static final String COUNTS_DIFFER = """
            (select day, event_type, events from expected_count except select day, event_type, events from event_count)
            union all
            (select day, event_type, events from event_count except select day, event_type, events from expected_count)
            """;

    private TestDatabase database;
    private JdbcTemplate jdbc;

    @TempDir
    Path dir;

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
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--replay.archive.uri=" + dir.resolve("archive").toUri(),
                "--replay.data-dir=" + dir.resolve("data")));
        Result result = CliRunner.against(database.jdbcUrl(), all.toArray(String[]::new));
        assertThat(result.status()).as("%s: %s", String.join(" ", args), result.err()).isZero();
        return result;
    }

    private long hot(String aggregateId) {
        return jdbc.queryForObject("select count(*) from events where aggregate_id = ?", Long.class, aggregateId);
    }

    @Test
    @DisplayName("Issue 12 defect 3: a backdated event appended after a rebuild is held back from archival until the catch-up applied it")
    void aBackdatedEventIsHeldBackUntilTheCatchUpsAppliedIt() {
        // given: live builds of both projections, then an event backdated before the archive cutoff
        run("rebuild", "account-balances");
        run("rebuild", "event-counts");
        jdbc.update("insert into events (event_id, aggregate_type, aggregate_id, version, event_type, event_data,"
                + " occurred_at) values (?, 'Account', 'acct-backdated', 1, 'AccountOpened',"
                + " '{\"owner\": \"late\", \"currency\": \"EUR\"}'::jsonb, '2025-06-01T00:00:00Z')", UUID.randomUUID());
        jdbc.execute("create table expected_count as select (occurred_at at time zone 'UTC')::date as day, event_type,"
                + " count(*) as events from events group by 1, 2");

        // when: an archive run, then the catch-ups
        Result archive = run("archive", "--before", CUTOFF);
        run("rebuild", "account-balances", "--catch-up");
        run("rebuild", "event-counts", "--catch-up");

        // then: the catch-ups applied it, as archival held it back, saying so
        assertThat(jdbc.queryForList("select status || ' ' || balance from account_balance"
                + " where account_id = 'acct-backdated'", String.class)).containsExactly("open 0.00");
        assertThat(jdbc.queryForList(COUNTS_DIFFER)).isEmpty();
        assertThat(archive.out()).contains("held back 1 event committed after the live build of projections"
                + " account-balances, event-counts; run their catch-up to archive them");
        assertThat(hot("acct-backdated")).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from archive_segment", Long.class)).isPositive();
        String caughtUp = AccountBalances.actual(database.dataSource());

        // when: the next archive run moves it, and full rebuilds read it from the archive
        Result again = run("archive", "--before", CUTOFF);
        run("rebuild", "account-balances");
        run("rebuild", "event-counts");

        // then
        assertThat(again.out()).doesNotContain("held back");
        assertThat(hot("acct-backdated")).isZero();
        assertThat(AccountBalances.actual(database.dataSource())).isEqualTo(caughtUp);
        assertThat(jdbc.queryForList(COUNTS_DIFFER)).isEmpty();
        assertThat(jdbc.queryForObject("select sum(events) from event_count", Long.class)).isEqualTo(6_001L);
    }

    @Test
    @DisplayName("Issue 12 defect 3: a projection without a live build holds nothing back")
    void withoutALiveBuildNothingIsHeldBack() {
        // given
        jdbc.update("insert into events (event_id, aggregate_type, aggregate_id, version, event_type, event_data,"
                + " occurred_at) values (?, 'Account', 'acct-backdated', 1, 'AccountOpened',"
                + " '{\"owner\": \"late\", \"currency\": \"EUR\"}'::jsonb, '2025-06-01T00:00:00Z')", UUID.randomUUID());

        // when
        Result archive = run("archive", "--before", CUTOFF);

        // then
        assertThat(archive.out()).doesNotContain("held back");
        assertThat(hot("acct-backdated")).isZero();
    }
}
