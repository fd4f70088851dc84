package dev.replay.readers.builder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replay.readers.JdbcEventReader;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

class JdbcEventReaderBuilderTest {

    private JdbcEventReaderBuilder valid() {
        return new JdbcEventReaderBuilder().name("events").dataSource(new PGSimpleDataSource());
    }

    @Test
    void buildsWithDefaults() {
        JdbcEventReader reader = valid().build();
        assertThat(reader.key(JdbcEventReader.START_AFTER)).isEqualTo("events.start.after");
    }

    @Test
    void rejectsBadValuesNamingFieldAndValue() {
        assertThatThrownBy(() -> valid().pageSize(0).build()).hasMessage("pageSize must be positive, was 0");
        assertThatThrownBy(() -> valid().name(" ").build()).hasMessage("name must not be blank, was ' '");
        assertThatThrownBy(() -> valid().versionCheckCapacity(-1).build())
                .hasMessage("versionCheckCapacity must be positive, was -1");
        assertThatThrownBy(() -> valid().from(Instant.parse("2026-02-01T00:00:00Z")).to(Instant.parse("2026-01-01T00:00:00Z")).build())
                .hasMessage("from must be before to, was from 2026-02-01T00:00:00Z to 2026-01-01T00:00:00Z");
    }

    @Test
    void needsADataSource() {
        assertThatThrownBy(() -> new JdbcEventReaderBuilder().name("events").build()).hasMessageContaining("dataSource");
    }
}
