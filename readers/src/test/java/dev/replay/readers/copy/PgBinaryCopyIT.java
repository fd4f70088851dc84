package dev.replay.readers.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.readers.testing.TestDatabase;
import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

class PgBinaryCopyIT {

    private final TestDatabase database = TestDatabase.create(false);
    private final JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void everyFieldTypeArrivesAsWritten() throws Exception {
        // given
        jdbc.execute("create table fields (id uuid, name text, n int, big bigint, maybe bigint, doc jsonb, at timestamptz)");
        UUID id = UUID.fromString("ffffffff-0000-7000-8000-000000000001");
        Instant at = Instant.parse("2026-03-01T10:00:00.123456Z");
        PgBinaryCopy rows = new PgBinaryCopy(7, 16);
        rows.row().uuid(id).text("konto-ä\t1").int4(-7).int8(1L << 40).int8((Long) null)
                .jsonb("{\"amount\": 12.30, \"tags\": [\"a\"]}").timestamptz(at);
        rows.row().uuid(id).text("").int4(0).int8(0).int8(Long.valueOf(5)).jsonb("[]").timestamptz(Instant.EPOCH);

        // when
        long copied;
        try (Connection connection = database.dataSource().getConnection()) {
            copied = rows.copyIn(connection, "copy fields from stdin (format binary)");
        }

        // then
        assertThat(copied).isEqualTo(2);
        var first = jdbc.queryForMap("select id, name, n, big, maybe, doc::text as doc from fields where n = -7");
        assertThat(first).containsEntry("id", id).containsEntry("name", "konto-ä\t1").containsEntry("big", 1L << 40)
                .containsEntry("maybe", null).containsEntry("doc", "{\"tags\": [\"a\"], \"amount\": 12.30}");
        assertThat(jdbc.queryForObject("select at from fields where n = -7", Timestamp.class).toInstant()).isEqualTo(at);
        assertThat(jdbc.queryForObject("select at from fields where n = 0", Timestamp.class).toInstant())
                .isEqualTo(Instant.EPOCH);
    }
}
