package dev.replay.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.archive.testing.SampleEvents;
import dev.replay.readers.Event;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An independent engine reads the archive as written, without this platform's code. */
class DuckDbReadsArchiveIT {

    @TempDir
    java.nio.file.Path dir;

    private ArchiveFileSystems fileSystems;
    private ArchiveLayout layout;
    private List<Event> events;

    @BeforeEach
    void writeThreeDaysInFourSegments() {
        layout = new ArchiveLayout(dir.resolve("archive").toUri());
        fileSystems = new ArchiveFileSystems(layout, null, dir.resolve("tmp"));
        events = SampleEvents.sorted(30_000, 3, 11);
        Map<LocalDate, List<Event>> byDay = events.stream()
                .collect(Collectors.groupingBy(e -> ArchiveLayout.partitionDate(e.occurredAt())));
        assertThat(byDay).hasSize(3);
        byDay.forEach((day, dayEvents) -> {
            int half = day.equals(LocalDate.of(2026, 11, 1)) ? dayEvents.size() / 2 : dayEvents.size();
            write(day, 0, dayEvents.subList(0, half));
            if (half < dayEvents.size()) {
                write(day, 1, dayEvents.subList(half, dayEvents.size()));
            }
        });
    }

    @AfterEach
    void close() {
        fileSystems.close();
    }

    private void write(LocalDate day, int n, List<Event> segment) {
        ParquetSegmentWriter.write(fileSystems.fileSystem(), layout.segment(day, "duck", n), day,
                SegmentWriteOptions.defaults(), segment);
    }

    @Test
    void readsEveryEventWithItsTypesAndPartitionDate() throws Exception {
        // given
        String glob = dir.resolve("archive/events").toAbsolutePath() + "/*/*.parquet";
        Map<UUID, Event> expected = new HashMap<>();
        events.forEach(e -> expected.put(e.eventId(), e));

        // when
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = duck.createStatement();
             ResultSet rs = statement.executeQuery("select event_id::varchar as id, typeof(event_id) as id_type, "
                     + "aggregate_type, aggregate_id, version, event_type, event_data::varchar as payload, "
                     + "typeof(event_data) as payload_type, epoch_us(occurred_at) as micros, "
                     + "typeof(occurred_at) as ts_type, schema_version, date, typeof(date) as date_type "
                     + "from read_parquet('" + glob + "', hive_partitioning = true)")) {
            while (rs.next()) {
                Map<String, Object> row = new HashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
        }

        // then
        assertThat(rows).hasSize(events.size());
        assertThat(rows).extracting(r -> r.get("id_type")).containsOnly("UUID");
        assertThat(rows).extracting(r -> r.get("payload_type")).containsOnly("JSON");
        assertThat(rows).extracting(r -> r.get("ts_type")).containsOnly("TIMESTAMP WITH TIME ZONE");
        assertThat(rows).extracting(r -> r.get("date_type")).containsOnly("DATE");
        for (Map<String, Object> row : rows) {
            Event event = expected.remove(UUID.fromString((String) row.get("id")));
            assertThat(event).as("event %s read once and written", row.get("id")).isNotNull();
            assertThat(row.get("aggregate_type")).isEqualTo(event.aggregateType());
            assertThat(row.get("aggregate_id")).isEqualTo(event.aggregateId());
            assertThat(((Number) row.get("version")).longValue()).isEqualTo(event.version());
            assertThat(row.get("event_type")).isEqualTo(event.eventType());
            assertThat(row.get("payload")).isEqualTo(event.payload());
            assertThat(((Number) row.get("micros")).longValue())
                    .isEqualTo(ChronoUnit.MICROS.between(Instant.EPOCH, event.occurredAt()));
            assertThat(((Number) row.get("schema_version")).intValue()).isEqualTo(event.schemaVersion());
            assertThat(row.get("date").toString()).isEqualTo(ArchiveLayout.partitionDate(event.occurredAt()).toString());
        }
        assertThat(expected).isEmpty();
    }

    @Test
    void ordersByTheReplayKeyAsThisPlatformDoes() throws Exception {
        // given
        String glob = dir.resolve("archive/events").toAbsolutePath() + "/*/*.parquet";

        // when DuckDB sorts by (occurred_at, version, event_id)
        List<UUID> ids = new ArrayList<>();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = duck.createStatement();
             ResultSet rs = statement.executeQuery("select event_id::varchar from read_parquet('" + glob
                     + "', hive_partitioning = true) order by occurred_at, version, event_id")) {
            while (rs.next()) {
                ids.add(UUID.fromString(rs.getString(1)));
            }
        }

        // then
        assertThat(ids).containsExactlyElementsOf(events.stream().map(Event::eventId).toList());
    }

    @Test
    @org.junit.jupiter.api.DisplayName("Issue 12 defect 2: DuckDB reads metadata, null for a format-1 segment beside format 2")
    void readsMetadataOfBothFormatsByName() throws Exception {
        // given a format-1 segment (no metadata column) beside one of format 2 with metadata
        LocalDate day = LocalDate.of(2026, 11, 5);
        java.nio.file.Path old = dir.resolve("archive/events/date=2026-11-05/seg-old-0.parquet");
        try (java.io.InputStream in = getClass().getResourceAsStream("/segments/format-1.parquet")) {
            java.nio.file.Files.createDirectories(old.getParent());
            java.nio.file.Files.copy(in, old);
        }
        Event first = events.get(0);
        Instant at = day.atStartOfDay(java.time.ZoneOffset.UTC).toInstant().plusSeconds(60);
        Event withMetadata = new Event(UUID.randomUUID(), "Account", "acct-m", 1, "AccountOpened", first.payload(), at,
                2, "{\"user\": \"Zoë\"}");
        write(day, 1, List.of(withMetadata));
        String glob = dir.resolve("archive/events/date=2026-11-05").toAbsolutePath() + "/*.parquet";

        // when
        List<String> rows = new ArrayList<>();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = duck.createStatement();
             ResultSet rs = statement.executeQuery("select aggregate_id || '|' || schema_version || '|'"
                     + " || coalesce(metadata::varchar, '<null>') || '|' || typeof(metadata) from read_parquet('" + glob
                     + "', union_by_name = true) order by occurred_at, version, event_id")) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }

        // then
        assertThat(rows).hasSize(6).filteredOn(row -> row.startsWith("acct-1-"))
                .hasSize(5).allMatch(row -> row.endsWith("|<null>|JSON"));
        assertThat(rows).contains("acct-m|2|{\"user\": \"Zoë\"}|JSON");
    }
}
