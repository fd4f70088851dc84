package dev.replay.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.config.cli.CliRunner;
import dev.replay.config.cli.CliRunner.Result;
import dev.replay.config.rebuild.AccountBalances;
import dev.replay.readers.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 17 end to end: a team's own events table ({@code ledger.domain_events}, other names, a
 * column of its own, producers that insert only their own columns) mapped with
 * {@code --replay.hot.*}; adopted, then rebuilt, caught up, archived, rebuilt over both tiers,
 * verified and exported, each checked against SQL over the user's table and the archive read back
 * by DuckDB. The database is empty at the start: the platform creates its own tables, no
 * {@code events}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MappedEventsTableIT {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String CUTOFF = "2026-01-06T00:00:00Z";
    /** account-balances computed by SQL over the user's table, under the platform's names. */
    private static final String USER_EVENTS = "(select stream_type as aggregate_type, stream_id as aggregate_id,"
            + " seq as version, kind as event_type, body as event_data, recorded_at as occurred_at"
            + " from ledger.domain_events) e";

    private TestDatabase database;
    private JdbcTemplate jdbc;
    private final Map<String, Integer> versions = new HashMap<>();
    private int appended;

    @TempDir
    static Path dir;

    @BeforeAll
    void createTheUsersTable() {
        database = TestDatabase.create(false);
        jdbc = new JdbcTemplate(database.dataSource());
        jdbc.execute("create schema ledger");
        jdbc.execute("""
                create table ledger.domain_events (id uuid primary key, stream_type text not null,
                  stream_id text not null, seq bigint not null, kind text not null, body jsonb not null,
                  recorded_at timestamptz not null, tenant text not null default 'x',
                  unique (stream_type, stream_id, seq))
                """);
        append(3_000, 80, 0);
    }

    @AfterAll
    void close() {
        database.close();
    }

    /** A producer appending {@code count} events with its own INSERTs, one every 4 minutes from {@code minute} on. */
    private void append(int count, int accounts, int minute) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String account = "acc-" + (appended + i) % accounts;
            int version = versions.merge(account, 1, Integer::sum);
            String kind = version == 1 ? "AccountOpened" : (appended + i) % 3 == 0 ? "Withdrawn" : "Deposited";
            String body = version == 1 ? "{\"owner\": \"o-" + account + "\", \"currency\": \"EUR\"}"
                    : "{\"amount\": " + ((appended + i) % 50) + ".25}";
            rows.add(new Object[] {UUID.randomUUID(), "Account", account, version, kind, body,
                Timestamp.from(T0.plusSeconds(240L * (minute + i)))});
        }
        jdbc.batchUpdate("insert into ledger.domain_events (id, stream_type, stream_id, seq, kind, body, recorded_at)"
                + " values (?, ?, ?, ?, ?, ?::jsonb, ?)", rows);
        appended += count;
    }

    /** Runs a command with the mapping; an option among {@code args} replaces the mapping's own. */
    private Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        for (String option : List.of("--replay.hot.table=ledger.domain_events", "--replay.hot.columns.event-id=id",
                "--replay.hot.columns.aggregate-type=stream_type", "--replay.hot.columns.aggregate-id=stream_id",
                "--replay.hot.columns.version=seq", "--replay.hot.columns.event-type=kind",
                "--replay.hot.columns.event-data=body", "--replay.hot.columns.occurred-at=recorded_at",
                "--replay.archive.uri=" + dir.resolve("archive").toUri(), "--replay.data-dir=" + dir.resolve("data"),
                "--replay.archive.segment-max-rows=700")) {
            String key = option.substring(0, option.indexOf('=') + 1);
            if (all.stream().noneMatch(arg -> arg.startsWith(key))) {
                all.add(option);
            }
        }
        return CliRunner.against(database.jdbcUrl(), all.toArray(String[]::new));
    }

    private List<String> schemaOfTheUsersTable() {
        return jdbc.queryForList("""
                select attname || ' ' || format_type(atttypid, atttypmod) from pg_attribute
                 where attrelid = 'ledger.domain_events'::regclass and attnum > 0 and not attisdropped
                union all select indexdef from pg_indexes where schemaname = 'ledger' order by 1
                """, String.class);
    }

    @Test
    @DisplayName("Issue 17: on an adopted table of the user's own, rebuild, catch-up, archive, merged rebuild, verify"
            + " and export are exact")
    void everyJobOnAnAdoptedTable() throws Exception {
        // a job before adopt exits 2 saying to run adopt
        Result early = run("rebuild", "account-balances");
        assertThat(early.status()).as(early.err()).isEqualTo(2);
        assertThat(early.err()).contains("ledger.domain_events").contains("run 'replay adopt'");

        // adopt --dry-run prints and changes nothing; adopt adds; a second adopt changes nothing
        List<String> untouched = schemaOfTheUsersTable();
        Result dryRun = run("adopt", "--dry-run");
        assertThat(dryRun.status()).as(dryRun.err()).isZero();
        assertThat(dryRun.out()).contains("add column \"replay_tx_id\" xid8").contains("create index concurrently");
        assertThat(schemaOfTheUsersTable()).isEqualTo(untouched);
        Result adopt = run("adopt");
        assertThat(adopt.status()).as(adopt.err()).isZero();
        assertThat(adopt.out()).contains("set default pg_current_xact_id()").contains("Adopted ledger.domain_events");
        List<String> adopted = schemaOfTheUsersTable();
        assertThat(adopted).contains("replay_tx_id xid8").hasSize(untouched.size() + 4) // and three indexes
                .anyMatch(line -> line.startsWith("CREATE INDEX domain_events_replay_bucket_ix")); // issue 15
        Result again = run("adopt");
        assertThat(again.status()).as(again.err()).isZero();
        assertThat(again.out()).contains("already adopted");
        assertThat(schemaOfTheUsersTable()).isEqualTo(adopted);

        // full rebuild over rows that existed before adoption
        Result rebuild = run("rebuild", "account-balances");
        assertThat(rebuild.status()).as(rebuild.err()).isZero();
        assertThat(AccountBalances.actual(database.dataSource()))
                .isEqualTo(AccountBalances.expectedOver(database.dataSource(), USER_EVENTS));

        // issue 15: partitions of the mapped table read their buckets (its own column names), same table
        String bucketScans = "select idx_scan from pg_stat_user_indexes where indexrelname = 'domain_events_replay_bucket_ix'";
        long scansBefore = jdbc.queryForObject(bucketScans, Long.class);
        Result partitioned = run("rebuild", "account-balances", "--partitions", "3");
        assertThat(partitioned.status()).as(partitioned.err()).isZero();
        assertThat(jdbc.queryForObject(bucketScans, Long.class)).as("scans of the bucket index").isGreaterThan(scansBefore);
        assertThat(AccountBalances.actual(database.dataSource()))
                .isEqualTo(AccountBalances.expectedOver(database.dataSource(), USER_EVENTS));

        // a catch-up after more appends
        append(600, 100, 3_000);
        Result catchUp = run("rebuild", "account-balances", "--catch-up");
        assertThat(catchUp.status()).as(catchUp.err()).isZero();
        String everything = AccountBalances.expectedOver(database.dataSource(), USER_EVENTS);
        assertThat(AccountBalances.actual(database.dataSource())).isEqualTo(everything);
        List<String> allIds = jdbc.queryForList("select id::text from ledger.domain_events order by recorded_at, seq, id",
                String.class);
        Set<String> archivable = new HashSet<>(jdbc.queryForList(
                "select id::text from ledger.domain_events where recorded_at < ?::timestamptz", String.class, CUTOFF));
        assertThat(archivable).hasSizeBetween(1_000, 2_500);

        // archival moves exactly the events before the cutoff; segments carry the platform's names
        Result archive = run("archive", "--before", CUTOFF);
        assertThat(archive.status()).as(archive.err()).isZero();
        assertThat(jdbc.queryForObject("select count(*) from ledger.domain_events where recorded_at < ?::timestamptz",
                Long.class, CUTOFF)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from ledger.domain_events", Long.class))
                .isEqualTo(allIds.size() - archivable.size());
        assertThat(duckDbArchivedIds()).hasSize(archivable.size()).containsExactlyInAnyOrderElementsOf(archivable);

        // a full rebuild over archive and hot store builds what SQL computed over the whole table before
        Result merged = run("rebuild", "account-balances");
        assertThat(merged.status()).as(merged.err()).isZero();
        assertThat(AccountBalances.actual(database.dataSource())).isEqualTo(everything);

        // verify finds both tiers complete
        Result verify = run("verify");
        assertThat(verify.status()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out()).contains("OK: no problems found")
                .contains(String.format("%,d in the hot store, %,d archived", allIds.size() - archivable.size(),
                        archivable.size()));

        // an export reads both tiers in replay order
        Path out = dir.resolve("all.jsonl");
        Result export = run("export", "--out", out.toString());
        assertThat(export.status()).as(export.err()).isZero();
        JsonMapper json = JsonMapper.builder().build();
        List<String> exported = Files.readAllLines(out).stream()
                .map(line -> json.readTree(line).get("event_id").asString()).toList();
        assertThat(exported).containsExactlyElementsOf(allIds);

        // the platform made no events table of its own
        assertThat(jdbc.queryForObject("select count(*) from pg_class where relname = 'events'", Long.class)).isZero();
    }

    @Test
    @Order(Integer.MAX_VALUE) // after the other tests have bound the platform's tables to ledger.domain_events
    @DisplayName("Seams: a second events table against the same platform tables exits 2 naming both, and runs nothing")
    void aSecondTableAgainstTheSamePlatformTablesExits2() {
        Result bound = run("projections");
        assertThat(bound.status()).as(bound.err()).isZero();
        jdbc.execute("create table ledger.other_events (like ledger.domain_events including all)");
        jdbc.update("insert into ledger.other_events select * from ledger.domain_events limit 10");
        Result adopt = run("adopt", "--replay.hot.table=ledger.other_events");
        assertThat(adopt.status()).as(adopt.err()).isZero(); // adopt touches only the user's table
        long instances = jdbc.queryForObject("select count(*) from batch_job_instance", Long.class);

        Result other = run("rebuild", "account-balances", "--replay.hot.table=ledger.other_events");

        assertThat(other.status()).as(other.err()).isEqualTo(2);
        assertThat(other.err()).contains("replay.hot.table=ledger.other_events")
                .contains("belong to the hot-store table ledger.domain_events");
        assertThat(jdbc.queryForObject("select count(*) from batch_job_instance", Long.class)).isEqualTo(instances);
        assertThat(jdbc.queryForObject("select hot_table from hot_store_binding", String.class))
                .isEqualTo("ledger.domain_events");
        Result same = run("projections");
        assertThat(same.status()).as(same.err()).isZero();
    }

    private List<String> duckDbArchivedIds() throws Exception {
        String glob = dir.resolve("archive").resolve("events").toAbsolutePath() + "/*/*.parquet";
        List<String> ids = new ArrayList<>();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = duck.createStatement();
             ResultSet rs = statement.executeQuery("select event_id::varchar, aggregate_type, aggregate_id, version,"
                     + " event_type, event_data from read_parquet('" + glob + "', hive_partitioning = true)")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    @Test
    @DisplayName("Issue 17: a mapped column that is missing exits 2 naming the property and the column")
    void aMissingColumnExits2NamingIt() {
        Result result = run("rebuild", "account-balances", "--replay.hot.columns.version=sequence");

        assertThat(result.status()).as(result.err()).isEqualTo(2);
        assertThat(result.err()).contains("replay.hot.columns.version=sequence: table ledger.domain_events has no"
                + " column sequence").doesNotContain("Exception");
    }

    @Test
    @DisplayName("Issue 17: a mapped column of the wrong type (a bigint id) exits 2 naming the column and the type")
    void aWrongTypeExits2NamingIt() {
        jdbc.execute("create table if not exists ledger.numbered_events (id bigint primary key, stream_type text,"
                + " stream_id text, seq bigint, kind text, body jsonb, recorded_at timestamptz)");

        Result result = run("adopt", "--replay.hot.table=ledger.numbered_events");

        assertThat(result.status()).as(result.err()).isEqualTo(2);
        assertThat(result.err()).contains("replay.hot.columns.event-id=id: column id of ledger.numbered_events is"
                + " bigint; it must be uuid");
    }
}
