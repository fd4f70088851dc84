package dev.replay.writers.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.readers.testing.TestDatabase;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

class PgBinaryCopyIT {

    private final TestDatabase database = TestDatabase.create(false);
    private final JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void numericsArriveWithTheirValueAndScale() {
        // given
        List<String> values = List.of("0", "0.00", "12.34", "-12.34", "10000", "-0.5", "0.00001234",
                "123456789012345678.12", "99999999999999999999999999.000001", "1E+3", "7.1000");
        jdbc.execute("create table numbers (n bigint, value numeric)");
        PgBinaryCopy rows = new PgBinaryCopy(2, values.size());
        for (int i = 0; i < values.size(); i++) {
            rows.row().int8((long) i).numeric(new BigDecimal(values.get(i)));
        }

        // when
        copy("copy numbers (n, value) from stdin (format binary)", rows.finish());

        // then
        assertThat(jdbc.queryForList("select value::text from numbers order by n", String.class))
                .containsExactlyElementsOf(values.stream().map(v -> new BigDecimal(v).toPlainString()).toList());
    }

    @Test
    void textBooleansNullsAndTimestampsArriveAsWritten() {
        // given
        jdbc.execute("create table fields (id text, flag boolean, maybe bigint, at timestamptz)");
        Instant at = Instant.parse("2026-03-01T10:00:00.123456Z");
        PgBinaryCopy rows = new PgBinaryCopy(4, 1);
        rows.row().text("konto-ä\t1").bool(true).int8((Long) null).timestamptz(at);

        // when
        copy("copy fields from stdin (format binary)", rows.finish());

        // then
        assertThat(jdbc.queryForMap("select id, flag, maybe, at from fields"))
                .containsEntry("id", "konto-ä\t1").containsEntry("flag", true).containsEntry("maybe", null);
        assertThat(jdbc.queryForObject("select at from fields", Timestamp.class).toInstant()).isEqualTo(at);
    }

    private void copy(String sql, byte[] stream) {
        jdbc.execute((ConnectionCallback<Long>) connection -> {
            CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
            copy.writeToCopy(stream, 0, stream.length);
            return copy.endCopy();
        });
    }
}
