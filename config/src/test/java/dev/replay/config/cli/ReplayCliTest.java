package dev.replay.config.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The command line's usage errors: answered at once, exit 2, one clear line, no database started. */
class ReplayCliTest {

    @Nested
    class Usage {

        @Test
        void unknownOptionExitsTwoNamingIt() {
            CliRunner.Result run = CliRunner.run("seed", "--bogus");
            assertThat(run.status()).isEqualTo(2);
            assertThat(run.err()).contains("Unknown option: '--bogus'").doesNotContain("Exception");
        }

        @Test
        void badValueExitsTwoNamingOptionAndValue() {
            CliRunner.Result run = CliRunner.run("seed", "--events", "many");
            assertThat(run.status()).isEqualTo(2);
            assertThat(run.err()).contains("--events").contains("'many'");
        }

        @Test
        void nonPositiveCountExitsTwoNamingOptionAndValue() {
            CliRunner.Result run = CliRunner.run("seed", "--events", "0");
            assertThat(run.status()).isEqualTo(2);
            assertThat(run.err().strip()).isEqualTo("replay seed: --events must be positive, was 0");
        }

        @Test
        void missingCommandExitsTwoListingTheCommands() {
            CliRunner.Result run = CliRunner.run();
            assertThat(run.status()).isEqualTo(2);
            assertThat(run.err()).contains("Missing command").contains("seed");
        }

        @Test
        void missingOptionValueExitsTwo() {
            CliRunner.Result run = CliRunner.run("seed", "--accounts");
            assertThat(run.status()).isEqualTo(2);
            assertThat(run.err()).contains("--accounts");
        }
    }

    @Nested
    class Help {

        @Test
        void everyCommandHasHelpAndExitsZero() {
            for (String command : new String[] {"seed", "demo", "jobs"}) {
                CliRunner.Result run = CliRunner.run(command, "--help");
                assertThat(run.status()).as(command).isZero();
                assertThat(run.out()).as(command).contains("Usage: replay " + command);
            }
        }

        @Test
        void topLevelHelpListsCommandsAndExitCodes() {
            CliRunner.Result run = CliRunner.run("--help");
            assertThat(run.status()).isZero();
            assertThat(run.out()).contains("seed").contains("demo").contains("jobs").contains("Exit status");
        }
    }

    @Nested
    class Database {

        @Test
        void unreachableDatabaseExitsTwoNamingTheUrl() {
            CliRunner.Result run = CliRunner.run("jobs", "--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/events");
            assertThat(run.status()).isEqualTo(2);
            assertThat(run.err().strip().lines()).hasSize(1);
            assertThat(run.err()).contains("Cannot connect to the database at jdbc:postgresql://127.0.0.1:1/events");
        }

        @Test
        void credentialsInTheUrlNeverAppearInTheMessage() {
            CliRunner.Result run = CliRunner.run("jobs",
                    "--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/events?user=bob&password=hunter2");
            assertThat(run.status()).isEqualTo(2);
            assertThat(run.err()).doesNotContain("hunter2");
        }

        @Test
        void nonPostgresUrlExitsTwoSayingWhatIsExpected() {
            CliRunner.Result run = CliRunner.run("jobs", "--spring.datasource.url=jdbc:mysql://127.0.0.1:1/events");
            assertThat(run.status()).isEqualTo(2);
            assertThat(run.err()).contains("must be a PostgreSQL JDBC URL").contains("jdbc:mysql://127.0.0.1:1/events");
        }

        @Test
        void invalidPropertyExitsTwoNamingIt() {
            CliRunner.Result run = CliRunner.run("jobs", "--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/x",
                    "--replay.seed-batch-size=lots");
            assertThat(run.status()).isEqualTo(2);
            assertThat(run.err()).contains("replay.seed-batch-size").contains("lots");
        }
    }
}
