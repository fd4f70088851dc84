package dev.replay.writers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replay.readers.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

class ReadModelBuildsIT {

    private final TestDatabase database = TestDatabase.create();
    private final JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
    private final RecordingProjection projection = new RecordingProjection(List.of("balance", "ledger"));
    private final ReadModelBuilds builds = new ReadModelBuilds(database.dataSource());

    @AfterEach
    void close() {
        database.close();
    }

    @Nested
    class StartAndResume {

        @Test
        void startsNumberedBuildsWithTheirOwnTables() {
            // when
            ReadModelTarget first = builds.startBuild(projection);
            ReadModelTarget second = builds.startBuild(projection);

            // then
            assertThat(first.table("balance")).isEqualTo("balance__b1");
            assertThat(second.table("ledger")).isEqualTo("ledger__b2");
            assertThat(tables()).containsExactlyInAnyOrder("balance__b1", "ledger__b1", "balance__b2", "ledger__b2");
            assertThat(statuses()).containsExactly(Map.entry(1L, "building"), Map.entry(2L, "building"));
        }

        @Test
        void resumedBuildKeepsItsTablesAndRows() {
            // given
            ReadModelTarget started = builds.startBuild(projection);
            insert(started, "balance", "a-1");

            // when
            ReadModelTarget resumed = builds.resumeBuild(projection, started.build());

            // then
            assertThat(resumed.tables()).isEqualTo(started.tables());
            assertThat(ids("balance__b1")).containsExactly("a-1");
        }

        @Test
        void refusesToResumeAnUnknownOrLiveBuild() {
            // given
            ReadModelTarget live = builds.startBuild(projection);
            builds.swap(projection, live.build(), "m1");

            // when / then
            assertThatThrownBy(() -> builds.resumeBuild(projection, 7))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("no build 7");
            assertThatThrownBy(() -> builds.resumeBuild(projection, 1))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("build 1 cannot be resumed, it is live");
        }
    }

    @Nested
    class Swap {

        @Test
        void makesTheStableNamesViewsOverTheLiveBuild() {
            // given
            ReadModelTarget target = builds.startBuild(projection);
            insert(target, "balance", "a-1");

            // when
            builds.swap(projection, target.build(), "hwm-1");

            // then
            assertThat(ids("balance")).containsExactly("a-1");
            assertThat(statuses()).containsExactly(Map.entry(1L, "live"));
            assertThat(builds.live(projection)).hasValueSatisfying(live -> assertThat(live.build()).isEqualTo(1));
            assertThat(builds.liveHighWaterMark(projection)).hasValue("hwm-1");
        }

        @Test
        void switchesReadersToTheNewBuildAndDropsThePreviousCopyByDefault() {
            // given
            ReadModelTarget first = builds.startBuild(projection);
            insert(first, "balance", "old");
            builds.swap(projection, first.build(), "m1");
            ReadModelTarget second = builds.startBuild(projection);
            insert(second, "balance", "new");

            // when
            builds.swap(projection, second.build(), "m2");

            // then
            assertThat(ids("balance")).containsExactly("new");
            assertThat(statuses()).containsExactly(Map.entry(1L, "retired"), Map.entry(2L, "live"));
            assertThat(tables()).containsExactlyInAnyOrder("balance__b2", "ledger__b2");
            assertThat(builds.liveHighWaterMark(projection)).hasValue("m2");
        }

        @Test
        void keepsTheConfiguredNumberOfPreviousCopies() {
            // given
            ReadModelBuilds keepingOne = new ReadModelBuilds(database.dataSource(), 1);

            // when
            for (int i = 0; i < 3; i++) {
                keepingOne.swap(projection, keepingOne.startBuild(projection).build(), "m" + i);
            }

            // then
            assertThat(tables()).containsExactlyInAnyOrder("balance__b2", "ledger__b2", "balance__b3", "ledger__b3");
            assertThat(statuses()).containsExactly(Map.entry(1L, "retired"), Map.entry(2L, "retired"),
                    Map.entry(3L, "live"));
        }

        @Test
        void concurrentReadersSeeOneWholeBuildAndNeverAnError() throws Exception {
            // given: every build k holds amount k in both tables
            builds.swap(projection, buildWithAmount(1), "m1");
            AtomicBoolean done = new AtomicBoolean();
            List<Object> seen = new CopyOnWriteArrayList<>();
            Thread reader = new Thread(() -> {
                while (!done.get()) {
                    try {
                        seen.add(jdbc.queryForMap("select (select max(amount) from balance) as b,"
                                + " (select max(amount) from ledger) as l"));
                    } catch (RuntimeException e) {
                        seen.add(e);
                    }
                }
            });
            reader.start();

            // when
            for (int k = 2; k <= 12; k++) {
                builds.swap(projection, buildWithAmount(k), "m" + k);
            }
            done.set(true);
            reader.join();

            // then
            assertThat(seen).isNotEmpty().allSatisfy(row -> assertThat(row).isInstanceOfSatisfying(Map.class,
                    map -> assertThat(map.get("b")).isEqualTo(map.get("l"))));
            assertThat(ids("balance")).containsExactly("12");
        }

        @Test
        void keepsWhatReadersWereGrantedOnTheStableView() {
            // given
            String reader = "reader_" + database.name();
            jdbc.execute("create role " + reader);
            builds.swap(projection, builds.startBuild(projection).build(), "m1");
            jdbc.execute("grant select on balance to " + reader);

            // when
            builds.swap(projection, builds.startBuild(projection).build(), "m2");

            // then
            assertThat(jdbc.queryForObject("select has_table_privilege(?, 'balance', 'select')", Boolean.class, reader))
                    .isTrue();
            assertThat(jdbc.queryForObject("select has_table_privilege(?, 'ledger', 'select')", Boolean.class, reader))
                    .isFalse();
        }

        @Test
        void isIdempotentForTheLiveBuild() {
            // given
            ReadModelTarget target = builds.startBuild(projection);
            insert(target, "balance", "a-1");
            builds.swap(projection, target.build(), "m1");
            Object swappedAt = jdbc.queryForObject("select swapped_at from projection_build", Object.class);

            // when: the process died after the commit and the swap runs again
            builds.swap(projection, target.build(), "m1");

            // then
            assertThat(ids("balance")).containsExactly("a-1");
            assertThat(statuses()).containsExactly(Map.entry(1L, "live"));
            assertThat(jdbc.queryForObject("select swapped_at from projection_build", Object.class)).isEqualTo(swappedAt);
        }

        @Test
        void dropsAbandonedOlderBuilds() {
            // given: build 1 crashed and was never resumed
            builds.startBuild(projection);
            ReadModelTarget second = builds.startBuild(projection);

            // when
            builds.swap(projection, second.build(), "m2");

            // then
            assertThat(tables()).containsExactlyInAnyOrder("balance__b2", "ledger__b2");
            assertThat(statuses()).containsExactly(Map.entry(1L, "retired"), Map.entry(2L, "live"));
        }

        @Test
        void refusesARetiredBuild() {
            // given
            ReadModelTarget first = builds.startBuild(projection);
            builds.swap(projection, first.build(), "m1");
            builds.swap(projection, builds.startBuild(projection).build(), "m2");

            // when / then
            assertThatThrownBy(() -> builds.swap(projection, 1, "m1"))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("build 1 is retired");
        }

        @Test
        void isAtomicSoAFailureHalfwayLeavesReadersOnTheOldBuild() {
            // given: a user view over the second table makes its drop fail after the first view was replaced
            ReadModelTarget first = builds.startBuild(projection);
            insert(first, "balance", "old");
            builds.swap(projection, first.build(), "m1");
            jdbc.execute("create view ledger_report as select * from ledger");
            ReadModelTarget second = builds.startBuild(projection);
            insert(second, "balance", "new");

            // when / then
            assertThatThrownBy(() -> builds.swap(projection, second.build(), "m2"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Projection [recording]. Failed to swap in build 2")
                    .hasMessageContaining("ledger_report");
            assertThat(ids("balance")).containsExactly("old");
            assertThat(statuses()).containsExactly(Map.entry(1L, "live"), Map.entry(2L, "building"));
            assertThat(builds.liveHighWaterMark(projection)).hasValue("m1");
        }
    }

    @Nested
    class HandMadeTables {

        @Test
        void refusesToStartABuildOverAHandMadeTableAndKeepsItsData() {
            // given
            jdbc.execute("create table ledger (id text)");
            jdbc.update("insert into ledger values ('precious')");

            // when / then
            assertThatThrownBy(() -> builds.startBuild(projection))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot manage ledger")
                    .hasMessageContaining("not a view");
            assertThat(ids("ledger")).containsExactly("precious");
            assertThat(statuses()).isEmpty();
        }

        @Test
        void refusesToSwapOverATableCreatedDuringTheBuild() {
            // given
            ReadModelTarget target = builds.startBuild(projection);
            jdbc.execute("create table balance (id text)");

            // when / then
            assertThatThrownBy(() -> builds.swap(projection, target.build(), "m1"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot manage balance");
            assertThat(statuses()).containsExactly(Map.entry(1L, "building"));
        }
    }

    @Nested
    @org.junit.jupiter.api.DisplayName("Issue 12 review: build tables are quoted identifiers")
    class QuotedIdentifiers {

        @Test
        void workTablesFoundInTheCatalogAreDroppedAsOneTableEachWhateverTheirNamesHold() {
            // given: build 1 live, a table of the user's, and work tables of build 1 named to break unquoted SQL
            builds.swap(projection, builds.startBuild(projection).build(), "m1");
            jdbc.execute("create table canary (id int)");
            jdbc.execute("create table \"balance__b1__x; drop table canary; --\" (id int)");
            jdbc.execute("create table \"balance__b1__Tmp \"\"copy\"\"\" (id int)");
            jdbc.execute("create table \"ledger__b1__x cascade\" (id int)");

            // when: build 2 swapped in, build 1 dropped with its work tables
            builds.swap(projection, builds.startBuild(projection).build(), "m2");

            // then
            assertThat(jdbc.queryForList("select tablename from pg_tables where schemaname = current_schema()"
                    + " and (tablename like 'balance%' or tablename like 'ledger%' or tablename = 'canary')", String.class))
                    .containsExactlyInAnyOrder("balance__b2", "ledger__b2", "canary");
            assertThat(statuses()).containsExactly(Map.entry(1L, "retired"), Map.entry(2L, "live"));
        }

        @Test
        void quotesAndDoublesEmbeddedQuotes() {
            assertThat(SqlIdentifiers.quote("account_balance__b3")).isEqualTo("\"account_balance__b3\"");
            assertThat(SqlIdentifiers.quote("a\"; drop table x; --")).isEqualTo("\"a\"\"; drop table x; --\"");
            assertThatThrownBy(() -> SqlIdentifiers.quote("")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("SQL identifier must be non-empty text without NUL, was ''");
        }
    }

    @Test
    void recordsTheHighWaterMarkOfACatchUpOnTheLiveBuild() {
        // given
        assertThat(builds.live(projection)).isEmpty();
        assertThatThrownBy(() -> builds.recordHighWaterMark(projection, "m0"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no live build");
        builds.swap(projection, builds.startBuild(projection).build(), "m1");

        // when
        builds.recordHighWaterMark(projection, "m2");

        // then
        assertThat(builds.liveHighWaterMark(projection)).hasValue("m2");
    }

    @Test
    @DisplayName("Issue 12 defect 4: never swaps in a build older than the live one, naming both")
    void neverSwapsInABuildOlderThanTheLiveOne() {
        // given
        long older = builds.startBuild(projection).build();
        long newer = builds.startBuild(projection).build();
        builds.swap(projection, newer, "0..20");

        // when / then
        assertThatThrownBy(() -> builds.swap(projection, older, "0..10"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("build 1 is retired").hasMessageContaining("build 2 is live");
        assertThat(builds.live(projection).map(ReadModelTarget::build)).hasValue(newer);
        assertThat(builds.liveHighWaterMark(projection)).hasValue("0..20");
    }

    @Test
    @DisplayName("Issue 12 defect 4: records a catch-up's mark only into its own build and only when it continues the live mark")
    void recordsACatchUpMarkOnlyWhenItContinuesTheLiveMarkOfItsBuild() {
        // given
        long first = builds.startBuild(projection).build();
        builds.swap(projection, first, "0..10");

        // when / then: a mark that does not continue the live one
        assertThatThrownBy(() -> builds.recordHighWaterMark(projection, first, "5..15", live -> live.equals("0..5")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not continue build 1's mark 0..10");
        builds.recordHighWaterMark(projection, first, "10..15", live -> live.equals("0..10"));
        builds.recordHighWaterMark(projection, first, "10..15", live -> false); // a repeated finish
        assertThat(builds.liveHighWaterMark(projection)).hasValue("10..15");

        // when / then: a newer build swapped in
        long second = builds.startBuild(projection).build();
        builds.swap(projection, second, "0..20");
        assertThatThrownBy(() -> builds.recordHighWaterMark(projection, first, "15..25", live -> true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("catch-up of build 1 not recorded: build 2 is live now");
        assertThat(builds.liveHighWaterMark(projection)).hasValue("0..20");
    }

    @Test
    void rejectsANegativeKeepNamingTheValue() {
        assertThatThrownBy(() -> new ReadModelBuilds(database.dataSource(), -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("keep must not be negative, was -1");
    }

    private long buildWithAmount(int amount) {
        ReadModelTarget target = builds.startBuild(projection);
        for (String table : List.of("balance", "ledger")) {
            jdbc.update("insert into " + target.table(table) + " (id, amount) values (?, ?)", String.valueOf(amount), amount);
        }
        return target.build();
    }

    private void insert(ReadModelTarget target, String table, String id) {
        jdbc.update("insert into " + target.table(table) + " (id, amount) values (?, 1)", id);
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
