package dev.replay.config.export;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Events as a user compares an export with the hot store, one string per event:
 * {@code event_id|aggregate_type|aggregate_id|version|event_type|event_data|occurred_at}, with the
 * payload as stored and the time as PostgreSQL formats it in UTC with microseconds.
 */
final class ExportedEvents {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String HOT = "select event_id::text || '|' || aggregate_type || '|' || aggregate_id || '|' || version"
            + " || '|' || event_type || '|' || event_data::text || '|'"
            + " || to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') from events";

    private ExportedEvents() {
    }

    /** The hot store's events that pass {@code where}, in replay order. */
    static List<String> hot(DataSource dataSource, String where) {
        return new JdbcTemplate(dataSource).queryForList(HOT + " where " + where + " order by occurred_at, version, event_id",
                String.class);
    }

    /** A JSON lines file read line by line, with the payload as parsed JSON made text again. */
    static List<String> jsonLines(Path file) throws Exception {
        List<String> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            JsonNode node = JSON.readTree(line);
            rows.add(String.join("|", node.get("event_id").asString(), node.get("aggregate_type").asString(),
                    node.get("aggregate_id").asString(), node.get("version").asString(), node.get("event_type").asString(),
                    node.get("event_data").toString(), node.get("occurred_at").asString()));
        }
        return rows;
    }

    /** The hot store's rows with the payload parsed and made text again, as {@link #jsonLines} does. */
    static List<String> normalizedPayloads(List<String> rows) {
        return rows.stream().map(row -> {
            String[] fields = row.split("\\|", -1);
            fields[5] = JSON.readTree(fields[5]).toString();
            return String.join("|", fields);
        }).toList();
    }

    /** What DuckDB reads from a CSV file, in file order. */
    static List<String> duckDbCsv(Path file) throws Exception {
        return duckDb("select concat_ws('|', event_id, aggregate_type, aggregate_id, version, event_type, event_data,"
                + " occurred_at) from read_csv('" + file + "', header = true, all_varchar = true, quote = '\"',"
                + " escape = '\"', delim = ',')");
    }

    /** What DuckDB reads from the Parquet parts under {@code dir}, in part order and row order. */
    static List<String> duckDbParquet(Path dir) throws Exception {
        return duckDbParquet(dir, "*.parquet");
    }

    /** What DuckDB reads from the Parquet files {@code glob} under {@code dir}, in file order and row order. */
    static List<String> duckDbParquet(Path dir, String glob) throws Exception {
        return duckDb("select concat_ws('|', event_id::varchar, aggregate_type, aggregate_id, version, event_type,"
                + " event_data::varchar, strftime(occurred_at at time zone 'UTC', '%Y-%m-%dT%H:%M:%S.%fZ'))"
                + " from read_parquet('" + dir + "/" + glob + "', filename = true, file_row_number = true)"
                + " order by filename, file_row_number");
    }

    static List<String> duckDb(String sql) throws Exception {
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

    /** The names of the files under {@code dir}, sorted. */
    static List<String> files(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }
}
