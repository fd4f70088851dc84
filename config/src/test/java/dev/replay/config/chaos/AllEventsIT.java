package dev.replay.config.chaos;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replay.readers.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/** The chaos suite's own check is not vacuous: it fails on an event lost, doubled or changed. */
@DisplayName("Issue 12 chaos: the ledger check itself")
class AllEventsIT {

    private TestDatabase database;
    private JdbcTemplate jdbc;
    private AllEvents events;

    @TempDir
    Path dir;

    @BeforeEach
    void seed() throws Exception {
        database = TestDatabase.create();
        jdbc = new JdbcTemplate(database.dataSource());
        ChaosTarget.local(database.jdbcUrl(), database.dataSource(), dir).seed(500, 20);
        events = new AllEvents(database.dataSource());
        events.recordAppended();
        events.collectStored(dir.resolve("archive"));
        events.assertExactlyTheAppendedEvents(AllEvents.STORED);
        events.assertSameResultsAsTheLedger(AllEvents.STORED);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    @DisplayName("Issue 12 chaos: the ledger check fails on a lost event")
    void lost() {
        jdbc.update("delete from " + AllEvents.STORED + " where event_id = (select min(event_id::text)::uuid from events)");
        assertThatThrownBy(() -> events.assertExactlyTheAppendedEvents(AllEvents.STORED)).hasMessageContaining("lost");
    }

    @Test
    @DisplayName("Issue 12 chaos: the ledger check fails on a doubled event")
    void doubled() {
        jdbc.update("insert into " + AllEvents.STORED + " select * from " + AllEvents.STORED + " limit 1");
        assertThatThrownBy(() -> events.assertExactlyTheAppendedEvents(AllEvents.STORED)).hasMessageContaining("doubled");
    }

    @Test
    @DisplayName("Issue 12 chaos: the ledger check and the computation fail on a changed amount")
    void changed() {
        jdbc.update("update " + AllEvents.STORED + " set event_data = '{\"amount\": 0.01}' where event_id ="
                + " (select min(event_id::text)::uuid from events where event_type = 'Deposited')");
        assertThatThrownBy(() -> events.assertExactlyTheAppendedEvents(AllEvents.STORED)).hasMessageContaining("lost");
        assertThatThrownBy(() -> events.assertSameResultsAsTheLedger(AllEvents.STORED)).isInstanceOf(AssertionError.class);
    }
}
