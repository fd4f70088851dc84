package dev.replay.config.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.config.cli.CliRunner;
import dev.replay.config.cli.CliRunner.Result;
import dev.replay.readers.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every column a producer stores survives archival: events with {@code metadata} and
 * {@code schema_version} 2 are archived through the CLI, then read back from the segments by
 * DuckDB, through merged (archive + hot) exports in every format, and checked by {@code verify}.
 * Each event is compared as {@code event_id|schema_version|metadata}, metadata as stored.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Issue 12 defect 2: archival keeps metadata and schema_version")
class ArchiveKeepsMetadataIT {

    private static final String CUTOFF = "2026-01-03T00:00:00Z";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String COLUMNS = "event_id::text || '|' || schema_version || '|' || coalesce(metadata::text, '<null>')";
    private static final String ORDER = " order by occurred_at, version, event_id";

    @TempDir
    static Path dir;

    private TestDatabase database;
    private JdbcTemplate jdbc;
    private List<String> all;
    private List<String> archived;

    @BeforeAll
    void seedWithMetadataAndArchiveHalf() {
        database = TestDatabase.create();
        jdbc = new JdbcTemplate(database.dataSource());
        assertThat(run("seed", "--events", "2000", "--accounts", "40", "--days", "4").status()).isZero();
        // metadata on two events in three (some with quotes, commas and non-ASCII), none on the
        // rest; schema_version 2 on every even version
        jdbc.update("update events set metadata = jsonb_build_object('correlation_id', event_id::text,"
                + " 'user', 'O''Neil, \"Jr\" ' || aggregate_id, 'city', 'Zürich', 'n', version) where version % 3 <> 0");
        jdbc.update("update events set schema_version = 2 where version % 2 = 0");
        all = hot("true");
        archived = hot("occurred_at < '" + CUTOFF + "'");
        assertThat(archived).hasSizeBetween(500, 1500).anyMatch(row -> row.endsWith("<null>"))
                .anyMatch(row -> row.contains("|2|{"));

        Result archive = run("archive", "--before", CUTOFF);

        assertThat(archive.status()).as(archive.err()).isZero();
        assertThat(jdbc.queryForObject("select count(*) from events where occurred_at < '" + CUTOFF + "'", Long.class))
                .as("archived events left the hot store").isZero();
    }

    @AfterAll
    void close() {
        database.close();
    }

    private Result run(String... args) {
        List<String> list = new ArrayList<>(List.of(args));
        list.add("--replay.data-dir=" + dir.resolve("data"));
        list.add("--replay.archive.uri=" + dir.resolve("archive").toUri());
        return CliRunner.against(database.jdbcUrl(), list.toArray(String[]::new));
    }

    private List<String> hot(String where) {
        return jdbc.queryForList("select " + COLUMNS + " from events where " + where + ORDER, String.class);
    }

    @Test
    @DisplayName("Issue 12 defect 2: DuckDB reads metadata and schema_version from the segments")
    void segmentsHoldMetadata() throws Exception {
        // when
        String glob = dir.resolve("archive").resolve("events").toAbsolutePath() + "/*/*.parquet";
        List<String> rows = duckDb("select event_id::varchar || '|' || schema_version || '|'"
                + " || coalesce(metadata::varchar, '<null>') from read_parquet('" + glob + "', hive_partitioning = true)"
                + " order by occurred_at, version, event_id");

        // then
        assertThat(rows).containsExactlyElementsOf(archived);
    }

    @Test
    @DisplayName("Issue 12 defect 2: a JSON-lines export over archive and hot store carries metadata and schema_version")
    void jsonLinesCarryMetadata() throws Exception {
        // given
        Path out = dir.resolve("all.jsonl");

        // when
        Result export = run("export", "--out", out.toString(), "--replay.export.chunk-size=300");

        // then
        assertThat(export.status()).as(export.err()).isZero();
        List<String> rows = new ArrayList<>();
        for (String line : Files.readAllLines(out)) {
            JsonNode node = JSON.readTree(line);
            assertThat(node.has("metadata")).as("metadata on every line: " + line).isTrue();
            JsonNode metadata = node.get("metadata");
            assertThat(metadata.isNull() || metadata.isObject()).as("metadata embedded as JSON: " + line).isTrue();
            rows.add(node.get("event_id").asString() + "|" + node.get("schema_version").asInt() + "|"
                    + (metadata.isNull() ? "<null>" : metadata.toString()));
        }
        assertThat(rows).containsExactlyElementsOf(normalized(all));
    }

    @Test
    @DisplayName("Issue 12 defect 2: a CSV export over archive and hot store carries metadata and schema_version")
    void csvCarriesMetadata() throws Exception {
        // given
        Path out = dir.resolve("all.csv");

        // when
        Result export = run("export", "--out", out.toString(), "--replay.export.chunk-size=300");

        // then
        assertThat(export.status()).as(export.err()).isZero();
        assertThat(duckDb("select event_id || '|' || schema_version || '|' || coalesce(metadata, '<null>')"
                + " from read_csv('" + out + "', header = true, all_varchar = true, quote = '\"', escape = '\"',"
                + " delim = ',')")).containsExactlyElementsOf(all);
    }

    @Test
    @DisplayName("Issue 12 defect 2: a Parquet export over archive and hot store carries metadata and schema_version")
    void parquetCarriesMetadata() throws Exception {
        // given
        Path out = dir.resolve("all-parquet");

        // when
        Result export = run("export", "--format", "parquet", "--out", out.toString(), "--replay.export.chunk-size=300");

        // then
        assertThat(export.status()).as(export.err()).isZero();
        assertThat(duckDb("select event_id::varchar || '|' || schema_version || '|' || coalesce(metadata::varchar,"
                + " '<null>') from read_parquet('" + out + "/*.parquet', filename = true, file_row_number = true)"
                + " order by filename, file_row_number")).containsExactlyElementsOf(all);
    }

    @Test
    @DisplayName("Issue 12 defect 2: verify passes over segments whose checksum covers metadata")
    void verifyPasses() {
        // when
        Result verify = run("verify");

        // then
        assertThat(verify.status()).as(verify.out() + verify.err()).isZero();
    }

    /** The rows with metadata parsed and made text again, as {@link #jsonLinesCarryMetadata} reads them. */
    private static List<String> normalized(List<String> rows) {
        return rows.stream().map(row -> {
            String[] fields = row.split("\\|", 3);
            String metadata = fields[2].equals("<null>") ? fields[2] : JSON.readTree(fields[2]).toString();
            return fields[0] + "|" + fields[1] + "|" + metadata;
        }).toList();
    }

    private static List<String> duckDb(String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = duck.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
