package dev.replay.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.readers.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 14 part 3 end to end, with processes of the jar: SQL projections declared in an
 * {@code application.yml} of the user's ({@code --spring.config.additional-location}) on the seeded
 * Account domain, rebuilt, caught up, partitioned and rebuilt over archive plus hot store, each
 * checked against the same read model computed by SQL over {@code events}; an upcaster applies to
 * them; and every declaration error exits 2 with one line naming the projection, the event type and
 * the problem, before any job runs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SqlProjectionIT {

    private static final String CUTOFF = "2026-01-04T00:00:00Z";

    private static final String PROJECTIONS = """
            replay:
              projections:
                account-deposits:
                  per-aggregate: true
                  tables:
                    account_deposit: "account_id text primary key, deposits bigint not null, total numeric(19,2) not null, last_version bigint not null"
                  on:
                    AccountOpened: "insert into {account_deposit} values (:aggregate_id, 0, 0, :version) on conflict do nothing"
                    Deposited: "insert into {account_deposit} as d values (:aggregate_id, 1, :data.amount::numeric, :version) on conflict (account_id) do update set deposits = d.deposits + 1, total = d.total + excluded.total, last_version = excluded.last_version"
                type-counts:
                  tables:
                    type_count: "event_type text primary key, events bigint not null, last_at timestamptz not null"
                  on:
            %s
                deposit-currencies:
                  tables:
                    deposit_currency: "currency text primary key, deposits bigint not null"
                  on:
                    Deposited: "insert into {deposit_currency} as c values (:data.amount.currency, 1) on conflict (currency) do update set deposits = c.deposits + 1"
            """;
    private static final String COUNT = "insert into {type_count} as c values (:event_type, 1, :occurred_at)"
            + " on conflict (event_type) do update set events = c.events + 1, last_at = greatest(c.last_at, excluded.last_at)";

    private static final String EXPECTED_DEPOSITS = """
            select aggregate_id as account_id, count(*) filter (where event_type = 'Deposited') as deposits,
                   coalesce(sum((event_data->>'amount')::numeric) filter (where event_type = 'Deposited'), 0)::numeric(19,2) as total,
                   max(version) as last_version
              from events where event_type in ('AccountOpened', 'Deposited') group by aggregate_id
            """;
    private static final String EXPECTED_COUNTS = """
            select event_type, count(*) as events, max(occurred_at) as last_at from events
             where event_type in ('AccountOpened', 'Deposited', 'Withdrawn', 'AccountClosed') group by event_type
            """;

    @TempDir
    static Path dir;

    private TestDatabase database;
    private JdbcTemplate jdbc;
    private Path config;

    @BeforeAll
    void seed() throws Exception {
        database = TestDatabase.create();
        jdbc = new JdbcTemplate(database.dataSource());
        String counts = String.join("\n", List.of("AccountOpened", "Deposited", "Withdrawn", "AccountClosed").stream()
                .map(type -> "          " + type + ": \"" + COUNT + "\"").toList());
        config = Files.writeString(dir.resolve("projections.yml"), PROJECTIONS.formatted(counts));
        ok("seed", "--events", "4000", "--accounts", "120", "--days", "6");
    }

    @AfterAll
    void close() {
        database.close();
    }

    private record Run(int status, String output) {
    }

    private Run run(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--spring.datasource.url=" + database.jdbcUrl(), "--spring.datasource.username=postgres",
                "--spring.config.additional-location=file:" + config, "--replay.data-dir=" + dir.resolve("data"),
                "--replay.archive.uri=" + dir.resolve("archive").toUri()));
        try (ReplayProcess process = ReplayProcess.start(dir, List.of(), all.toArray(String[]::new))) {
            int status = process.waitForExit(Duration.ofMinutes(3));
            return new Run(status, process.output());
        }
    }

    private void ok(String... args) throws Exception {
        Run run = run(args);
        assertThat(run.status()).as("%s: %s", String.join(" ", args), run.output()).isZero();
    }

    /** The rows of {@code actual} and of {@code expected} that the other lacks: none when they are equal. */
    private List<?> difference(String actual, String expected) {
        return jdbc.queryForList("(select * from " + actual + " except select * from (" + expected + ") e) union all"
                + " (select * from (" + expected + ") e except select * from " + actual + ")");
    }

    private void assertExact(String expectedDeposits, String expectedCounts) {
        assertThat(difference("account_deposit", expectedDeposits)).isEmpty();
        assertThat(difference("type_count", expectedCounts)).isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from account_deposit", Long.class)).isPositive();
    }

    @Test
    @Order(1)
    @DisplayName("Issue 14: a SQL projection is rebuilt, caught up and rebuilt in partitions exactly as SQL over events computes it")
    void rebuildCatchUpAndPartitions() throws Exception {
        // when: full rebuilds
        ok("rebuild", "account-deposits");
        ok("rebuild", "type-counts");

        // then
        assertExact(EXPECTED_DEPOSITS, EXPECTED_COUNTS);
        assertThat(jdbc.queryForObject("select count(*) from pg_views where viewname = 'account_deposit'", Long.class))
                .isOne();

        // when: more appends, then catch-ups
        jdbc.update("""
                insert into events (event_id, aggregate_type, aggregate_id, version, event_type, event_data, occurred_at)
                select gen_random_uuid(), 'Account', aggregate_id, max(version) + 1, 'Deposited', '{"amount": 7.25}'::jsonb,
                       max(occurred_at) + interval '1 hour' from events group by aggregate_id
                """);
        ok("rebuild", "account-deposits", "--catch-up");
        ok("rebuild", "type-counts", "--catch-up");

        // then
        assertExact(EXPECTED_DEPOSITS, EXPECTED_COUNTS);

        // when: a partitioned rebuild of the per-aggregate one; the global one refuses partitions
        ok("rebuild", "account-deposits", "--partitions", "2");
        Run global = run("rebuild", "type-counts", "--partitions", "2");

        // then
        assertExact(EXPECTED_DEPOSITS, EXPECTED_COUNTS);
        assertThat(global.status()).as(global.output()).isEqualTo(2);
        assertThat(global.output()).contains("Projection [type-counts] is global");
    }

    @Test
    @Order(2)
    @DisplayName("Issue 14: a SQL projection rebuilt over archive plus hot store is exact")
    void rebuildOverArchiveAndHotStore() throws Exception {
        // given: the expected read models, taken while every event is hot
        jdbc.execute("create table expected_deposit as " + EXPECTED_DEPOSITS);
        jdbc.execute("create table expected_count as " + EXPECTED_COUNTS);
        ok("rebuild", "account-deposits", "--catch-up"); // archival holds back what a live build has not applied
        ok("rebuild", "type-counts", "--catch-up");
        long hot = jdbc.queryForObject("select count(*) from events", Long.class);

        // when
        ok("archive", "--before", CUTOFF);
        ok("rebuild", "account-deposits");
        ok("rebuild", "type-counts");

        // then
        assertThat(jdbc.queryForObject("select count(*) from events", Long.class)).isLessThan(hot);
        assertExact("select * from expected_deposit", "select * from expected_count");
    }

    @Test
    @Order(3)
    @DisplayName("Issue 14: upcasters apply to SQL projections: the upcast Deposited amount has a currency")
    void upcastersApply() throws Exception {
        // when
        ok("rebuild", "deposit-currencies", "--replay.upcasters.deposited-amount.enabled=true");

        // then: every deposit, archived or hot, counted under the currency the upcaster moved into its amount
        assertThat(jdbc.queryForObject("select sum(deposits) from deposit_currency", Long.class))
                .isEqualTo(jdbc.queryForObject("select sum(deposits) from expected_deposit", Long.class));
        assertThat(jdbc.queryForList("select currency from deposit_currency", String.class))
                .isNotEmpty().allMatch(currency -> currency.matches("[A-Z]{3}"));
    }

    @ParameterizedTest(name = "{0}")
    @Order(4)
    @MethodSource("badDeclarations")
    @DisplayName("Issue 14: a bad SQL projection exits 2 before any job runs, naming the projection, the event type and the problem")
    void badDeclarationsExit2(String problem, String statement, String message) throws Exception {
        // given
        long executions = jdbc.queryForObject("select count(*) from batch_job_execution", Long.class);

        // when
        Run run = run("rebuild", "account-deposits", "--replay.projections.bad-one.tables.tally=n bigint not null",
                "--replay.projections.bad-one.on.Withdrawn=" + statement);

        // then
        assertThat(run.status()).as(run.output()).isEqualTo(2);
        assertThat(run.output()).contains("replay rebuild: SQL projection [bad-one], event type Withdrawn: " + message)
                .doesNotContain("\tat ");
        assertThat(jdbc.queryForObject("select count(*) from batch_job_execution", Long.class)).isEqualTo(executions);
        assertThat(jdbc.queryForList("select tablename from pg_tables where tablename like 'tally%'")).isEmpty();
    }

    static Stream<Arguments> badDeclarations() {
        return Stream.of(
                Arguments.of("an unknown placeholder", "insert into {tallies} values (1)",
                        "unknown placeholder {tallies}: the table is not declared under tables, which declares [tally]"),
                Arguments.of("an unknown parameter", "insert into {tally} values (:amount)", "unknown parameter :amount"),
                Arguments.of("a declared table used without braces", "insert into tally values (1)",
                        "uses table tally without braces; write {tally}"),
                Arguments.of("a table used but not declared", "insert into {tally} select count(*) from tallies",
                        "PostgreSQL cannot prepare the statement: ERROR: relation \"tallies\" does not exist"),
                Arguments.of("a statement PostgreSQL cannot prepare", "update {tally} set m = :data.amount::numeric",
                        "PostgreSQL cannot prepare the statement: ERROR: column \"m\" of relation \"tally\" does not exist"));
    }
}
