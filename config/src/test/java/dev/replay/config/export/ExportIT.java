package dev.replay.config.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.config.cli.CliRunner;
import dev.replay.config.cli.CliRunner.Result;
import dev.replay.readers.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The export job end to end through the CLI, on a real PostgreSQL, its output read back by
 * parsing (JSON lines) and by DuckDB (CSV, Parquet). Exports only read, so the tests share one
 * seeded database and write to outputs of their own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportIT {

    private TestDatabase database;

    @TempDir
    Path dir;

    @BeforeAll
    void seed() {
        database = TestDatabase.create();
        Result seed = CliRunner.against(database.jdbcUrl(), "seed", "--events", "3000", "--accounts", "60", "--days", "4");
        assertThat(seed.status()).as(seed.err()).isZero();
    }

    @AfterAll
    void close() {
        database.close();
    }

    private Result export(String... args) {
        List<String> all = new ArrayList<>(List.of("export"));
        all.addAll(List.of(args));
        all.add("--replay.data-dir=" + dir.resolve("data"));
        return CliRunner.against(database.jdbcUrl(), all.toArray(String[]::new));
    }

    @Test
    void jsonLinesHoldTheFilteredEventsInReplayOrderWithTheHotStoresColumns() throws Exception {
        // given
        Path out = dir.resolve("deposits.jsonl");
        List<String> expected = ExportedEvents.hot(database.dataSource(), "occurred_at >= '2026-01-02' and occurred_at"
                + " < '2026-01-03T12:00:00Z' and event_type in ('Deposited', 'Withdrawn')");
        assertThat(expected).hasSizeBetween(200, 1500);

        // when
        Result export = export("--from", "2026-01-02", "--to", "2026-01-03T12:00:00Z", "--event-type", "Deposited",
                "--event-type", "Withdrawn", "--out", out.toString(), "--replay.export.chunk-size=300");

        // then
        assertThat(export.status()).as(export.err()).isZero();
        assertThat(export.out()).contains(String.format("Exported %,d events", expected.size())).contains(out.toString())
                .contains(String.format("%,d bytes", Files.size(out)));
        assertThat(ExportedEvents.jsonLines(out)).containsExactlyElementsOf(ExportedEvents.normalizedPayloads(expected));
        JsonNode first = ExportedEvents.JSON.readTree(Files.readAllLines(out).get(0));
        List<String> names = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = first.properties().iterator(); fields.hasNext(); ) {
            names.add(fields.next().getKey());
        }
        assertThat(names).containsExactly("event_id", "aggregate_type", "aggregate_id", "version", "event_type",
                "event_data", "occurred_at", "schema_version", "metadata");
        assertThat(first.get("event_data").isObject()).as("event_data embedded as JSON").isTrue();
        assertThat(first.get("version").isNumber()).isTrue();
        assertThat(first.get("occurred_at").asString()).matches("2026-01-0\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
    }

    @Test
    void csvIsRfc4180WithAHeaderAndOnlyTheChosenAggregates() throws Exception {
        // given
        List<String> ids = new JdbcTemplate(database.dataSource()).queryForList(
                "select distinct aggregate_id from events order by aggregate_id limit 2", String.class);
        Path out = dir.resolve("two-accounts.csv");
        List<String> expected = ExportedEvents.hot(database.dataSource(),
                "aggregate_type = 'Account' and aggregate_id in ('" + ids.get(0) + "', '" + ids.get(1) + "')");

        // when
        Result export = export("--aggregate-type", "Account", "--aggregate-id", ids.get(0), "--aggregate-id", ids.get(1),
                "--out", out.toString());

        // then
        assertThat(export.status()).as(export.err()).isZero();
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(text).startsWith("event_id,aggregate_type,aggregate_id,version,event_type,event_data,occurred_at,"
                        + "schema_version,metadata\r\n")
                .endsWith("\r\n").contains(",\"{\"\"");
        assertThat(ExportedEvents.duckDbCsv(out)).containsExactlyElementsOf(expected);
    }

    @Test
    void parquetPartsHaveTheArchiveSchemaAndReadBackInReplayOrder() throws Exception {
        // given
        Path out = dir.resolve("all-parquet");
        List<String> expected = ExportedEvents.hot(database.dataSource(), "true");

        // when
        Result export = export("--format", "parquet", "--out", out.toString(), "--replay.export.chunk-size=700");

        // then
        assertThat(export.status()).as(export.err()).isZero();
        assertThat(ExportedEvents.files(out)).contains("_SUCCESS", "part-00000.parquet", "part-00005.parquet")
                .allMatch(name -> name.equals("_SUCCESS") || name.equals("_replay_export") || name.matches("part-\\d{5}\\.parquet"));
        assertThat(ExportedEvents.duckDbParquet(out)).containsExactlyElementsOf(expected);
        assertThat(ExportedEvents.duckDb("select string_agg(column_name || ' ' || column_type, ', ') from (describe"
                + " select * from read_parquet('" + out + "/*.parquet'))")).containsExactly(
                "event_id UUID, aggregate_type VARCHAR, aggregate_id VARCHAR, version BIGINT, event_type VARCHAR,"
                        + " event_data JSON, occurred_at TIMESTAMP WITH TIME ZONE, schema_version INTEGER,"
                        + " position BIGINT, tx_id BIGINT, metadata JSON");
    }

    @Test
    void aMaxRateMakesTheExportTakeAtLeastEventsOverRate() throws Exception {
        // given: 500 events at 250 events/s take 2 s at least (the bucket starts empty)
        Path out = dir.resolve("slow.jsonl");
        List<String> first500 = ExportedEvents.hot(database.dataSource(), "true").subList(0, 500);
        String to = first500.get(499).substring(first500.get(499).lastIndexOf('|') + 1);

        // when
        long start = System.nanoTime();
        Result export = export("--to", to, "--out", out.toString(), "--max-rate", "250");
        double seconds = (System.nanoTime() - start) / 1e9;

        // then
        assertThat(export.status()).as(export.err()).isZero();
        long events = Files.readAllLines(out).size();
        assertThat(events).isBetween(450L, 500L); // ties at the bound: the 500th event's time is exclusive
        assertThat(seconds).isGreaterThanOrEqualTo(events / 250.0 - 0.2);
    }

    @Test
    void anExistingOutputIsRefusedNamingItUnlessOverwriteIsGivenForAnExportsOwnFile() throws Exception {
        // given
        Path out = dir.resolve("existing.jsonl");
        Files.writeString(out, "keep me\n");

        // when
        Result refused = export("--out", out.toString(), "--event-type", "AccountClosed");

        // then
        assertThat(refused.status()).isEqualTo(2);
        assertThat(refused.err()).contains(out.toString()).contains("already exists").contains("--overwrite");
        assertThat(Files.readString(out)).isEqualTo("keep me\n");

        // when: no export wrote it, so --overwrite will not delete it either
        Result notOurs = export("--out", out.toString(), "--event-type", "AccountClosed", "--overwrite");

        // then
        assertThat(notOurs.status()).isEqualTo(2);
        assertThat(notOurs.err()).contains(out.toString()).contains("no earlier export wrote");
        assertThat(Files.readString(out)).isEqualTo("keep me\n");

        // when: an export's own file is replaced
        Files.delete(out);
        assertThat(export("--out", out.toString(), "--event-type", "Deposited").status()).isZero();
        Result overwritten = export("--out", out.toString(), "--event-type", "AccountClosed", "--overwrite");

        // then
        assertThat(overwritten.status()).as(overwritten.err()).isZero();
        assertThat(ExportedEvents.jsonLines(out)).containsExactlyElementsOf(ExportedEvents.normalizedPayloads(
                ExportedEvents.hot(database.dataSource(), "event_type = 'AccountClosed'")));
    }

    @Nested
    class BadUsage {

        @Test
        void anUnknownFormatExitsTwoNamingIt() {
            Result result = CliRunner.run("export", "--format", "xml", "--out", "x.xml");
            assertThat(result.status()).isEqualTo(2);
            assertThat(result.err()).contains("--format").contains("'xml'").contains("parquet, jsonl, csv");
        }

        @Test
        void anOutWithoutAKnownExtensionNeedsAFormat() {
            Result result = CliRunner.run("export", "--out", "events.txt");
            assertThat(result.status()).isEqualTo(2);
            assertThat(result.err()).contains("--format is needed").contains("events.txt");
        }

        @Test
        void anUnsupportedUriSchemeExitsTwoNamingIt() {
            Result result = CliRunner.run("export", "--out", "hdfs://namenode/events", "--format", "csv");
            assertThat(result.status()).isEqualTo(2);
            assertThat(result.err()).contains("--out").contains("hdfs://namenode/events");
        }

        @Test
        void aBadInstantExitsTwoNamingTheOption() {
            Result result = CliRunner.run("export", "--from", "yesterday", "--out", "x.csv");
            assertThat(result.status()).isEqualTo(2);
            assertThat(result.err()).contains("--from").contains("yesterday");
        }
    }
}
