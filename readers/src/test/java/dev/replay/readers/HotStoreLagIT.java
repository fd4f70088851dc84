package dev.replay.readers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.readers.testing.TestDatabase;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@link HotStore#countCommittedAfter}: a projection's lag behind its live mark, through the commit-order index. */
class HotStoreLagIT {

    private final TestDatabase database = TestDatabase.create();
    private final JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
    private final HotStore hotStore = HotStore.of(database.dataSource());
    private final JdbcHighWaterMarks marks = new JdbcHighWaterMarks(database.dataSource());

    @AfterEach
    void close() {
        database.close();
    }

    /** One transaction appending {@code count} events of {@code type}, to accounts {@code prefix-0...}. */
    private void append(String prefix, String type, int count) {
        jdbc.update("insert into events (event_id, aggregate_type, aggregate_id, version, event_type, event_data, occurred_at)"
                + " select gen_random_uuid(), 'Account', ? || '-' || i, 1, ?, '{}'::jsonb, now()"
                + " from generate_series(1, ?) i", prefix, type, count);
    }

    private static EventFilter types(String... types) {
        return new EventFilter(null, null, Set.of(), Set.of(types));
    }

    @Test
    @DisplayName("Issue 16: lag counts the events committed after the live mark that the projection handles")
    void countsTheHandledEventsCommittedAfterTheMark() {
        // given: events before the mark, then 7 handled and 5 other ones after it
        append("before", "Deposited", 20);
        HighWaterMark mark = marks.fullReplay();
        append("after", "Deposited", 4);
        append("after-w", "Withdrawn", 3);
        append("after-o", "AccountOpened", 5);

        // then
        assertThat(hotStore.countCommittedAfter(mark, types("Deposited", "Withdrawn"))).isEqualTo(7);
        assertThat(hotStore.countCommittedAfter(mark, EventFilter.ALL)).isEqualTo(12);
        assertThat(hotStore.countCommittedAfter(marks.fullReplay(), EventFilter.ALL)).isZero();
        assertThat(hotStore.countCommittedAfter(mark.catchUpTo(marks.currentXmin()), types("Deposited"))).isZero();
    }

    @Test
    @DisplayName("Issue 16: the lag count reads the commit-order index, not the whole table")
    void theLagCountUsesTheCommitOrderIndex() {
        // given: a table of 50,000 events with statistics, 10 of them after the mark
        for (int i = 0; i < 5; i++) {
            append("bulk-" + i, i % 2 == 0 ? "Deposited" : "Withdrawn", 10_000);
        }
        HighWaterMark mark = marks.fullReplay();
        append("late", "Deposited", 10);
        hotStore.vacuumAnalyze();

        // when
        List<String> plan = explain(hotStore.countCommittedAfterSql(types("Deposited")), mark, "Deposited");

        // then
        String text = String.join("\n", plan);
        assertThat(text).as(text).contains("events_tx_id_ix").doesNotContain("Seq Scan");
        assertThat(hotStore.countCommittedAfter(mark, types("Deposited"))).isEqualTo(10);
    }

    private List<String> explain(String sql, HighWaterMark mark, String type) {
        return jdbc.execute((ConnectionCallback<List<String>>) connection -> {
            try (PreparedStatement statement = connection.prepareStatement("explain " + sql)) {
                statement.setString(1, Long.toString(mark.upperXmin()));
                statement.setArray(2, connection.createArrayOf("text", new Object[] {type}));
                List<String> lines = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        lines.add(rows.getString(1));
                    }
                }
                return lines;
            }
        });
    }
}
