package dev.replay.config.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.config.rebuild.AccountBalances;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every event a chaos scenario appended, and what the platform must make of them, computed by SQL
 * independently of the platform's code.
 *
 * <ul>
 *   <li>{@code chaos_appended}: the ledger, a copy of the hot store taken when every event was
 *       appended and before any job moved one ({@link #recordAppended}).
 *   <li>{@code chaos_stored}: what is stored now, the hot store plus every Parquet file under the
 *       archive's directory as DuckDB reads it, orphans included ({@link #collectStored}).
 *   <li>{@code chaos_exported}: the Parquet parts of an export ({@link #collectExported}).
 * </ul>
 * Each is compared to the ledger event by event (id, aggregate, version, type, payload, time), and
 * the read models to the ledger's balances and counts per UTC day and type.
 */
final class AllEvents {

    static final String LEDGER = "chaos_appended";
    static final String STORED = "chaos_stored";
    static final String EXPORTED = "chaos_exported";
    private static final String COLUMNS = "event_id, aggregate_type, aggregate_id, version, event_type, event_data, occurred_at, schema_version, metadata";

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;

    AllEvents(DataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** Takes the ledger: every event appended, as the hot store holds them before any chaos. */
    long recordAppended() {
        jdbc.execute("drop table if exists " + LEDGER);
        jdbc.execute("create table " + LEDGER + " as select " + COLUMNS + " from events");
        return count(LEDGER);
    }

    long count(String table) {
        return jdbc.queryForObject("select count(*) from " + table, Long.class);
    }

    /** Collects the hot store and every archived file into {@code chaos_stored}. */
    void collectStored(Path archiveFiles) throws Exception {
        jdbc.execute("drop table if exists " + STORED);
        jdbc.execute("create table " + STORED + " as select " + COLUMNS + " from events");
        Path events = archiveFiles.resolve("events");
        if (Files.isDirectory(events)) {
            load(STORED, events.toAbsolutePath() + "/*/*.parquet");
        }
    }

    /** Collects an export's Parquet parts into {@code chaos_exported}. */
    void collectExported(Path exportDirectory) throws Exception {
        jdbc.execute("drop table if exists " + EXPORTED);
        jdbc.execute("create table " + EXPORTED + " as select " + COLUMNS + " from events where false");
        load(EXPORTED, exportDirectory.toAbsolutePath() + "/*.parquet");
    }

    /** Reads Parquet files with DuckDB, which knows nothing of this platform, into {@code table}. */
    private void load(String table, String glob) throws Exception {
        List<Object[]> rows = new ArrayList<>();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = duck.createStatement();
             ResultSet rs = statement.executeQuery("select event_id::varchar, aggregate_type, aggregate_id, version,"
                     + " event_type, event_data::varchar, epoch_us(occurred_at), schema_version, metadata::varchar"
                     + " from read_parquet('" + glob + "', union_by_name = true)")) {
            while (rs.next()) {
                Instant occurredAt = Instant.EPOCH.plus(rs.getLong(7), ChronoUnit.MICROS);
                rows.add(new Object[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                    rs.getString(6), OffsetDateTime.ofInstant(occurredAt, ZoneOffset.UTC), rs.getInt(8), rs.getString(9)});
            }
        }
        jdbc.batchUpdate("insert into " + table + " (" + COLUMNS + ") values (?::uuid, ?, ?, ?, ?, ?::jsonb, ?, ?, ?::jsonb)", rows);
    }

    /** Nothing lost, nothing doubled, nothing changed: {@code table} holds exactly the ledger's events, each once. */
    void assertExactlyTheAppendedEvents(String table) {
        long appended = count(LEDGER);
        assertThat(appended).isPositive();
        assertThat(jdbc.queryForList("select event_id::text || ' stored ' || count(*) || ' times' from " + table
                + " group by event_id having count(*) > 1 limit 10", String.class)).as("events doubled in %s", table).isEmpty();
        assertThat(jdbc.queryForList("select event_id::text from (select " + COLUMNS + " from " + LEDGER + " except select "
                + COLUMNS + " from " + table + ") t limit 10", String.class)).as("events lost (or changed) in %s", table).isEmpty();
        assertThat(jdbc.queryForList("select event_id::text from (select " + COLUMNS + " from " + table + " except select "
                + COLUMNS + " from " + LEDGER + ") t limit 10", String.class)).as("events never appended in %s", table).isEmpty();
        assertThat(jdbc.queryForObject("select count(distinct event_id) from " + table, Long.class)).isEqualTo(appended);
        assertThat(count(table)).isEqualTo(appended);
    }

    /** The live {@code account_balance}: balance, status and last version per account, as SQL computes them from the ledger. */
    void assertAccountBalances() {
        assertThat(AccountBalances.actual(dataSource)).isEqualTo(AccountBalances.expectedOver(dataSource, LEDGER));
    }

    /** The live {@code event_count}: events per UTC day and type, as SQL computes them from the ledger. */
    void assertEventCounts() {
        assertThat(differences("select day, event_type, events from event_count", countsOf(LEDGER))).isEmpty();
    }

    /** The balances and the counts SQL computes from {@code table} equal those it computes from the ledger. */
    void assertSameResultsAsTheLedger(String table) {
        assertThat(AccountBalances.expectedOver(dataSource, table)).isEqualTo(AccountBalances.expectedOver(dataSource, LEDGER));
        assertThat(differences(countsOf(table), countsOf(LEDGER))).isEmpty();
    }

    private static String countsOf(String table) {
        return "select (occurred_at at time zone 'UTC')::date as day, event_type, count(*) as events from " + table
                + " group by 1, 2";
    }

    private List<String> differences(String actual, String expected) {
        return Stream.concat(
                jdbc.queryForList("select 'unexpected: ' || t::text from (" + actual + " except " + expected + ") t", String.class)
                        .stream(),
                jdbc.queryForList("select 'missing: ' || t::text from (" + expected + " except " + actual + ") t", String.class)
                        .stream()).toList();
    }
}
