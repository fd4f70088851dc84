package dev.replay.config.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.readers.testing.TestDatabase;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@code bench} on a small data set: it runs and prints its figures (their values are not checked: tests are not benchmarks). */
class BenchIT {

    @Test
    @DisplayName("Issue 13: bench --reader --apply prints the reader's and the apply path's rates, then the contenders'")
    void printsTheMeasurementsThatLeftTheTestTrees() {
        try (TestDatabase database = TestDatabase.create(false)) {
            // when
            CliRunner.Result run = CliRunner.against(database.jdbcUrl(), "bench", "--events", "3000", "--accounts", "100",
                    "--baseline-max-events", "500", "--reader", "--apply", "--apply-events", "1000", "--rounds", "1");

            // then
            assertThat(run.status()).as(run.err()).isZero();
            assertThat(run.out()).contains("round 1  reader, prefetch on", "chunks + writer, prefetch off",
                    "round 1: live", "building", "completion", "raw COPY ... TO STDOUT", "hand-written Spring Batch");
            // the contenders' rebuild replaced the build of the first 1,000 events that --apply swapped in
            JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
            assertThat(jdbc.queryForObject("select count(*) from account_balance", Long.class)).isEqualTo(
                    jdbc.queryForObject("select count(distinct aggregate_id) from events", Long.class));
        }
    }

    @Test
    @DisplayName("Issue 13: bench --rounds 0 is bad usage naming the value")
    void zeroRoundsIsBadUsage() {
        try (TestDatabase database = TestDatabase.create(false)) {
            // when
            CliRunner.Result run = CliRunner.against(database.jdbcUrl(), "bench", "--reader", "--rounds", "0");

            // then
            assertThat(run.status()).isEqualTo(2);
            assertThat(run.err()).contains("--rounds", "0");
        }
    }

    @Test
    @DisplayName("Issue 14: bench --sql-projection rebuilds a one-statement SQL projection beside account-balances")
    void reportsTheSqlProjectionsRate() {
        try (TestDatabase database = TestDatabase.create(false)) {
            // when
            CliRunner.Result run = CliRunner.against(database.jdbcUrl(), "bench", "--events", "3000", "--accounts", "100",
                    "--baseline-max-events", "500", "--sql-projection");

            // then: its row and ratio, and its read model: every deposit added to its account's total
            assertThat(run.status()).as(run.err()).isZero();
            assertThat(run.out()).contains("rebuild account-balances", "rebuild SQL bench-deposits",
                    "SQL projection / account-balances:");
            JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
            assertThat(jdbc.queryForList("select account_id, total from bench_deposit except select aggregate_id,"
                    + " sum((event_data->>'amount')::numeric) from events where event_type = 'Deposited' group by 1")).isEmpty();
            assertThat(jdbc.queryForObject("select count(*) from bench_deposit", Long.class)).isEqualTo(jdbc.queryForObject(
                    "select count(distinct aggregate_id) from events where event_type = 'Deposited'", Long.class));
        }
    }
}
