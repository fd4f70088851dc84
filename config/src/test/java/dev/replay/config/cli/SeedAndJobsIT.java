package dev.replay.config.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.readers.testing.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** The CLI against a real PostgreSQL given by URL: migrations, seed, jobs. */
class SeedAndJobsIT {

    @Nested
    class Migrations {

        @Test
        void createsTheHotStoreAndBatchMetadataOnAnEmptyDatabase() {
            // given
            try (TestDatabase database = TestDatabase.create(false)) {
                // when
                CliRunner.Result run = CliRunner.against(database.jdbcUrl(), "jobs");

                // then
                assertThat(run.status()).as(run.err()).isZero();
                assertThat(run.out()).contains("No job executions yet");
                JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
                assertThat(jdbc.queryForList("select table_name from information_schema.tables", String.class))
                        .contains("events", "batch_job_execution", "flyway_schema_history");
            }
        }

        @Test
        void restartAndStopOfAnUnknownExecutionAreBadUsageNamingTheId() {
            try (TestDatabase database = TestDatabase.create(false)) {
                for (String command : new String[] {"restart", "stop"}) {
                    // when
                    CliRunner.Result run = CliRunner.against(database.jdbcUrl(), command, "99999");

                    // then
                    assertThat(run.status()).as(command).isEqualTo(2);
                    assertThat(run.err()).as(command).contains("No job execution with id 99999");
                }
            }
        }

        @Test
        void startsAgainOnAnAlreadyMigratedDatabaseKeepingItsEvents() {
            try (TestDatabase database = TestDatabase.create(false)) {
                // given
                assertThat(CliRunner.against(database.jdbcUrl(), "seed", "--events", "500", "--accounts", "20").status())
                        .isZero();

                // when
                CliRunner.Result again = CliRunner.against(database.jdbcUrl(), "jobs");

                // then
                assertThat(again.status()).as(again.err()).isZero();
                assertThat(new JdbcTemplate(database.dataSource())
                        .queryForObject("select count(*) from events", Long.class)).isEqualTo(500L);
            }
        }

        @Test
        void addsTheHotStoreBesideTablesOfAnExistingDatabase() throws Exception {
            try (TestDatabase database = TestDatabase.create(false)) {
                // given
                try (Connection connection = database.dataSource().getConnection();
                     Statement statement = connection.createStatement()) {
                    statement.execute("create table customer (id int primary key)");
                }

                // when
                CliRunner.Result run = CliRunner.against(database.jdbcUrl(), "jobs");

                // then
                assertThat(run.status()).as(run.err()).isZero();
                JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
                assertThat(jdbc.queryForList("select table_name from information_schema.tables", String.class))
                        .contains("events", "customer");
            }
        }
    }

    @Nested
    class Seed {

        @Test
        void sameOptionsGiveTheSameEventsInAnyDatabase() {
            try (TestDatabase a = TestDatabase.create(); TestDatabase b = TestDatabase.create()) {
                // when
                String[] args = {"seed", "--events", "3000", "--accounts", "100", "--days", "5", "--seed", "9"};
                CliRunner.Result first = CliRunner.against(a.jdbcUrl(), args);
                CliRunner.Result second = CliRunner.against(b.jdbcUrl(), args);

                // then
                assertThat(first.status()).as(first.err()).isZero();
                assertThat(first.out()).contains("Seeded 3,000 events").contains("events/s");
                String digest = "select md5(string_agg(event_id::text || aggregate_id || version || event_type"
                        + " || event_data::text || occurred_at::text, ',' order by event_id)) from events";
                assertThat(new JdbcTemplate(a.dataSource()).queryForObject(digest, String.class))
                        .isEqualTo(new JdbcTemplate(b.dataSource()).queryForObject(digest, String.class));
                assertThat(second.status()).isZero();
            }
        }

        @Test
        void seedingTheSameEventsTwiceIsRefusedAndAddsNothing() {
            try (TestDatabase database = TestDatabase.create()) {
                // given
                String[] args = {"seed", "--events", "1000", "--accounts", "50"};
                assertThat(CliRunner.against(database.jdbcUrl(), args).status()).isZero();

                // when
                CliRunner.Result again = CliRunner.against(database.jdbcUrl(), args);

                // then
                assertThat(again.status()).isEqualTo(1);
                assertThat(again.err()).contains("Append rejected, an event already exists").contains("event_id");
                assertThat(again.err().strip().lines()).hasSize(1);
                assertThat(new JdbcTemplate(database.dataSource())
                        .queryForObject("select count(*) from events", Long.class)).isEqualTo(1000L);
            }
        }

        @Test
        void seededVersionsAreContinuousAndEveryAccountOpensFirst() {
            try (TestDatabase database = TestDatabase.create()) {
                // when
                CliRunner.against(database.jdbcUrl(), "seed", "--events", "5000", "--accounts", "200");

                // then
                JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
                assertThat(jdbc.queryForObject("""
                        select count(*) from (
                          select version, row_number() over (partition by aggregate_id order by occurred_at, version) as n,
                                 event_type
                            from events) v
                         where version <> n or (version = 1) <> (event_type = 'AccountOpened')
                        """, Long.class)).isZero();
            }
        }
    }
}
