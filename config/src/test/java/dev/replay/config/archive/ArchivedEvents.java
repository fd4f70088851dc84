package dev.replay.config.archive;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** Events as a user compares them across tiers: {@code id|version|micros|payload}, one string each. */
final class ArchivedEvents {

    private static final String HOT = "select event_id::text || '|' || version || '|'"
            + " || (extract(epoch from occurred_at) * 1000000)::bigint || '|' || event_data::text from events";

    private ArchivedEvents() {
    }

    static List<String> hot(DataSource dataSource, String where) {
        return new JdbcTemplate(dataSource).queryForList(HOT + " where " + where, String.class);
    }

    static List<String> hotIds(DataSource dataSource) {
        return new JdbcTemplate(dataSource).queryForList("select event_id::text from events", String.class);
    }

    /** What DuckDB, knowing nothing of this platform, reads from the archive's Hive-partitioned files. */
    static List<String> duckDb(Path archiveDir) throws Exception {
        String glob = archiveDir.resolve("events").toAbsolutePath() + "/*/*.parquet";
        List<String> rows = new ArrayList<>();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = duck.createStatement();
             ResultSet rs = statement.executeQuery("select event_id::varchar || '|' || version || '|'"
                     + " || epoch_us(occurred_at) || '|' || event_data::varchar, date = (occurred_at at time zone 'UTC')::date"
                     + " from read_parquet('" + glob + "', hive_partitioning = true)")) {
            while (rs.next()) {
                if (!rs.getBoolean(2)) {
                    throw new AssertionError("event in the wrong partition: " + rs.getString(1));
                }
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
