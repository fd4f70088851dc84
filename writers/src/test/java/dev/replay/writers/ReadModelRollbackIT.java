package dev.replay.writers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replay.readers.testing.TestDatabase;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@link ReadModelBuilds#rollback}: the SQL of going back to a kept copy. */
class ReadModelRollbackIT {

    private final TestDatabase database = TestDatabase.create();
    private final JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
    private final RecordingProjection projection = new RecordingProjection(List.of("balance", "ledger"));
    private final ReadModelBuilds builds = new ReadModelBuilds(database.dataSource(), 1);

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    @DisplayName("Issue 16: rollback swaps the previous kept copy back in with the mark it was retired with")
    void swapsThePreviousCopyBackInWithItsOwnMark() {
        // given
        builds.swap(projection, buildWith("old"), "0..10");
        builds.recordHighWaterMark(projection, "10..15"); // a catch-up of build 1
        builds.swap(projection, buildWith("new"), "0..20");

        // when
        RolledBackBuild rolledBack = builds.rollback(projection, null);

        // then
        assertThat(rolledBack).isEqualTo(new RolledBackBuild("recording", 1, 2, "10..15"));
        assertThat(ids("balance")).containsExactly("old");
        assertThat(ids("ledger")).containsExactly("old");
        assertThat(statuses()).containsExactly(Map.entry(1L, "live"), Map.entry(2L, "retired"));
        assertThat(builds.liveHighWaterMark(projection)).hasValue("10..15");
        assertThat(builds.keptCopies(projection)).containsExactly(2L);
        assertThat(jdbc.queryForObject("select high_water_mark from projection_build where build = 2", String.class))
                .isEqualTo("0..20");
    }

    @Test
    @DisplayName("Issue 16: a catch-up after a rollback records its mark on the rolled-back-to build only")
    void aCatchUpAfterARollbackMovesOnlyTheLiveMark() {
        // given
        builds.swap(projection, buildWith("old"), "0..10");
        builds.swap(projection, buildWith("new"), "0..20");
        builds.rollback(projection, null);

        // when
        builds.recordHighWaterMark(projection, 1, "10..30", mark -> mark.equals("0..10"));

        // then
        assertThat(jdbc.queryForList("select high_water_mark from projection_build order by build", String.class))
                .containsExactly("10..30", "0..20");
    }

    @Test
    @DisplayName("Issue 16: rolling back twice goes one further back; a named kept copy undoes a rollback")
    void rollingBackTwiceGoesFurtherBackAndANamedCopySwapsForward() {
        // given
        ReadModelBuilds keepingTwo = new ReadModelBuilds(database.dataSource(), 2);
        for (String id : List.of("one", "two", "three")) {
            keepingTwo.swap(projection, buildWith(id), "0.." + id.length());
        }

        // when
        keepingTwo.rollback(projection, null);
        RolledBackBuild second = keepingTwo.rollback(projection, null);

        // then
        assertThat(second.liveBuild()).isEqualTo(1);
        assertThat(ids("balance")).containsExactly("one");
        assertThat(keepingTwo.keptCopies(projection)).containsExactly(3L, 2L);
        assertThatThrownBy(() -> keepingTwo.rollback(projection, null)).isInstanceOf(NoKeptCopyException.class)
                .hasMessage("Projection [recording] has no kept copy older than live build 1 (kept: [3, 2];"
                        + " name one to swap it back in)");

        // and when
        keepingTwo.rollback(projection, 3L);

        // then
        assertThat(ids("balance")).containsExactly("three");
        assertThat(keepingTwo.keptCopies(projection)).containsExactly(2L, 1L);
        assertThat(tables()).hasSize(6);
    }

    @Test
    @DisplayName("Issue 16: rollback without a kept copy changes nothing and says so")
    void refusesWithoutAKeptCopy() {
        assertThatThrownBy(() -> builds.rollback(projection, null)).isInstanceOf(NoKeptCopyException.class)
                .hasMessage("Projection [recording] has no live build to roll back; run 'rebuild recording'");
        builds.swap(projection, buildWith("only"), "0..10");
        assertThatThrownBy(() -> builds.rollback(projection, null)).isInstanceOf(NoKeptCopyException.class)
                .hasMessage("Projection [recording] has no kept copy older than live build 1");
        assertThatThrownBy(() -> builds.rollback(projection, 7L)).isInstanceOf(NoKeptCopyException.class)
                .hasMessage("Projection [recording] has no kept copy of build 7 (live build 1, kept copies [])");
        assertThat(statuses()).containsExactly(Map.entry(1L, "live"));
    }

    @Test
    @DisplayName("Issue 16: a dropped copy is no kept copy; after a rollback the copy live last is the one kept")
    void droppedCopiesAreNotKept() {
        // given: keep 1, three builds: build 1 dropped, build 2 kept
        for (String id : List.of("one", "two", "three")) {
            builds.swap(projection, buildWith(id), "0..1");
        }

        // when
        builds.rollback(projection, null);
        builds.swap(projection, buildWith("four"), "0..2");

        // then
        assertThat(ids("balance")).containsExactly("four");
        assertThat(builds.keptCopies(projection)).containsExactly(2L);
        assertThat(tables()).containsExactlyInAnyOrder("balance__b2", "ledger__b2", "balance__b4", "ledger__b4");
    }

    @Test
    @DisplayName("Issue 16: what readers were granted on the stable view survives a rollback")
    void keepsGrantsOnTheStableView() {
        // given
        String reader = "reader_" + database.name();
        jdbc.execute("create role " + reader);
        builds.swap(projection, buildWith("old"), "0..1");
        builds.swap(projection, buildWith("new"), "0..2");
        jdbc.execute("grant select on balance to " + reader);

        // when
        builds.rollback(projection, null);

        // then
        assertThat(jdbc.queryForObject("select has_table_privilege(?, 'balance', 'select')", Boolean.class, reader))
                .isTrue();
        assertThat(jdbc.queryForObject("select has_table_privilege(?, 'ledger', 'select')", Boolean.class, reader))
                .isFalse();
    }

    @Test
    @DisplayName("Issue 16: a new full rebuild after a rollback takes the next build number and retires the copy")
    void aRebuildAfterARollbackGoesForward() {
        // given
        builds.swap(projection, buildWith("old"), "0..1");
        builds.swap(projection, buildWith("new"), "0..2");
        builds.rollback(projection, null);

        // when
        builds.swap(projection, buildWith("newest"), "0..3");

        // then
        assertThat(statuses()).containsExactly(Map.entry(1L, "retired"), Map.entry(2L, "retired"),
                Map.entry(3L, "live"));
        assertThat(builds.keptCopies(projection)).as("the copy live last is kept").containsExactly(1L);
        assertThat(ids("balance")).containsExactly("newest");
    }

    @Test
    @DisplayName("Issue 16: dead letters older than a cutoff are deleted, newer ones kept")
    void deadLettersOlderThanTheCutoffAreDeleted() {
        // given
        for (String at : List.of("2020-01-01T00:00:00Z", "2030-01-01T00:00:00Z")) {
            jdbc.update("insert into replay_dead_letter (event_id, projection, event_type, aggregate_type,"
                    + " aggregate_id, version, payload, error, failed_at) values (gen_random_uuid(), 'p', 'T', 'A',"
                    + " 'a-1', 1, '{}', 'bad', ?::timestamptz)", at);
        }

        // when
        int deleted = new DeadLetterRetention(database.dataSource()).deleteFailedBefore(Instant.parse("2026-01-01T00:00:00Z"));
        int again = new DeadLetterRetention(database.dataSource()).deleteFailedBefore(Instant.parse("2026-01-01T00:00:00Z"));

        // then
        assertThat(deleted).isEqualTo(1);
        assertThat(again).isZero();
        assertThat(jdbc.queryForObject("select failed_at < '2026-01-01' from replay_dead_letter", Boolean.class)).isFalse();
    }

    private long buildWith(String id) {
        ReadModelTarget target = builds.startBuild(projection);
        for (String table : List.of("balance", "ledger")) {
            jdbc.update("insert into " + target.table(table) + " (id, amount) values (?, 1)", id);
        }
        return target.build();
    }

    private List<String> ids(String table) {
        return jdbc.queryForList("select id from " + table + " order by id", String.class);
    }

    private List<String> tables() {
        return jdbc.queryForList("select tablename from pg_tables where schemaname = current_schema()"
                + " and tablename ~ '__b[0-9]+$'", String.class);
    }

    private List<Map.Entry<Long, String>> statuses() {
        return jdbc.query("select build, status from projection_build where projection = 'recording' order by build",
                (rs, n) -> Map.entry(rs.getLong(1), rs.getString(2)));
    }
}
