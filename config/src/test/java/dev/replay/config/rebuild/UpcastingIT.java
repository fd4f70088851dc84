package dev.replay.config.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.config.cli.CliRunner;
import dev.replay.config.cli.CliRunner.Result;
import dev.replay.readers.testing.TestDatabase;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** Rebuilds through the CLI over a hot store whose Deposited events are partly schema version 2. */
class UpcastingIT {

    private static final String UPCAST = "--replay.upcasters.deposited-amount.enabled=true";

    private TestDatabase database;
    private JdbcTemplate jdbc;

    @BeforeEach
    void seed() {
        database = TestDatabase.create();
        jdbc = new JdbcTemplate(database.dataSource());
        assertThat(run("seed", "--events", "3000", "--accounts", "100", "--days", "5").status()).isZero();
    }

    @AfterEach
    void close() {
        database.close();
    }

    private Result run(String... args) {
        return CliRunner.against(database.jdbcUrl(), args);
    }

    private String balances() {
        return AccountBalances.actual(database.dataSource());
    }

    @Test
    void mixedV1AndV2DepositsRebuildToTheBalancesOfTheAllV1EventsWithOrWithoutTheUpcaster() {
        // given: the balances of the all-v1 events, then a third of the deposits stored as v2
        Result allV1 = run("rebuild", "account-balances");
        assertThat(allV1.status()).as(allV1.err()).isZero();
        String expected = balances();
        assertThat(expected).isEqualTo(AccountBalances.expected(database.dataSource()));
        int v2 = jdbc.update("update events set schema_version = 2, event_data = jsonb_set(event_data, '{amount}',"
                + " jsonb_build_object('value', event_data->>'amount', 'currency', coalesce(event_data->>'currency', 'EUR')))"
                + " where event_type = 'Deposited' and position % 3 = 0");
        assertThat(v2).isPositive();
        assertThat(jdbc.queryForObject("select count(*) from events where event_type = 'Deposited' and schema_version = 1",
                Long.class)).isPositive();

        // when
        Result upcasting = run("rebuild", "account-balances", UPCAST);
        String upcast = balances();
        Result plain = run("rebuild", "account-balances");

        // then
        assertThat(upcasting.status()).as(upcasting.err()).isZero();
        assertThat(upcasting.out()).contains("3,000 events");
        assertThat(upcast).isEqualTo(expected);
        assertThat(plain.status()).as(plain.err()).isZero();
        assertThat(balances()).isEqualTo(expected);
    }

    @Test
    void aDepositTheUpcasterCannotReadFailsTheRebuildNamingTheUpcasterAndTheEvent() {
        // given
        UUID bad = jdbc.queryForObject("select event_id from events where event_type = 'Deposited'"
                + " order by occurred_at, version, event_id limit 1 offset 50", UUID.class);
        jdbc.update("update events set event_data = '{\"amount\": \"lots\"}' where event_id = ?", bad);

        // when
        Result rebuild = run("rebuild", "account-balances", UPCAST);

        // then
        assertThat(rebuild.status()).isEqualTo(1);
        assertThat(rebuild.err()).contains("Upcaster [DepositedAmountUpcaster] failed on event " + bad
                + " of type Deposited, schema version 1").contains("amount must be a JSON number").contains("restart");
        assertThat(rebuild.err().strip().lines()).hasSize(1);
    }
}
