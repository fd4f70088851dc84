package dev.replay.jobs.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.readers.Event;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EventLineAggregatorsTest {

    private static final UUID ID = UUID.fromString("00000000-0000-0000-0000-000000000001");

    private static Event event(String aggregateId, String payload, Instant at) {
        return new Event(ID, "Account", aggregateId, 3, "Deposited", payload, at);
    }

    @Test
    void jsonLineEmbedsThePayloadAsJsonAndKeepsMicroseconds() {
        String line = new EventJsonLineAggregator().aggregate(
                event("acc-1", "{\"amount\": 12.34}", Instant.parse("2026-01-01T10:00:00.123456Z")));

        assertThat(line).isEqualTo("{\"event_id\":\"" + ID + "\",\"aggregate_type\":\"Account\",\"aggregate_id\":\"acc-1\","
                + "\"version\":3,\"event_type\":\"Deposited\",\"event_data\":{\"amount\": 12.34},"
                + "\"occurred_at\":\"2026-01-01T10:00:00.123456Z\",\"schema_version\":1,\"metadata\":null}");
    }

    @Test
    @DisplayName("Issue 12 defect 2: JSON lines carry schema_version and metadata embedded as JSON")
    void jsonLineCarriesSchemaVersionAndMetadata() {
        Event event = new Event(ID, "Account", "acc-1", 3, "Deposited", "{}", Instant.parse("2026-01-01T10:00:00Z"),
                2, "{\"user\": \"Zoë\", \"trace\": [1, 2]}");

        String line = new EventJsonLineAggregator().aggregate(event);

        assertThat(line).endsWith(",\"schema_version\":2,\"metadata\":{\"user\": \"Zoë\", \"trace\": [1, 2]}}");
    }

    @Test
    @DisplayName("Issue 12 defect 2: CSV carries schema_version and metadata as quoted JSON text, empty when null")
    void csvCarriesSchemaVersionAndMetadata() {
        Instant at = Instant.parse("2026-01-01T10:00:00Z");
        Event with = new Event(ID, "Account", "acc-1", 3, "Deposited", "{}", at, 2, "{\"user\": \"a,\\\"b\"}");
        Event without = new Event(ID, "Account", "acc-1", 3, "Deposited", "{}", at, 2, null);

        assertThat(new EventCsvLineAggregator().aggregate(with))
                .endsWith(",2026-01-01T10:00:00.000000Z,2,\"{\"\"user\"\": \"\"a,\\\"\"b\"\"}\"");
        assertThat(new EventCsvLineAggregator().aggregate(without)).endsWith(",2026-01-01T10:00:00.000000Z,2,");
    }

    @Test
    void timestampsAlwaysHaveSixFractionDigits() {
        assertThat(ExportTimestamps.format(Instant.parse("2026-01-01T10:00:00Z"))).isEqualTo("2026-01-01T10:00:00.000000Z");
        assertThat(ExportTimestamps.format(Instant.parse("2026-01-01T10:00:00.1Z"))).isEqualTo("2026-01-01T10:00:00.100000Z");
    }

    @Test
    void csvQuotesThePayloadAlwaysAndOtherFieldsWhenTheyNeedIt() {
        String line = new EventCsvLineAggregator().aggregate(
                event("acc,\"1\"", "{\"owner\": \"O'Neil, \\\"Jr\\\"\"}", Instant.parse("2026-01-01T10:00:00.5Z")));

        assertThat(line).isEqualTo(ID + ",Account,\"acc,\"\"1\"\"\",3,Deposited,"
                + "\"{\"\"owner\"\": \"\"O'Neil, \\\"\"Jr\\\"\"\"\"}\",2026-01-01T10:00:00.500000Z,1,");
        assertThat(EventCsvLineAggregator.HEADER)
                .isEqualTo("event_id,aggregate_type,aggregate_id,version,event_type,event_data,occurred_at,schema_version,metadata");
    }
}
