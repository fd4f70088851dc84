package dev.replay.config.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.config.ReplayProcess;
import dev.replay.config.cli.CliRunner;
import dev.replay.config.cli.CliRunner.Result;
import dev.replay.readers.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Exports killed with SIGKILL mid-way (frozen at a failpoint, then killed from outside): a plain
 * rerun of the same command resumes the export, and its output is byte for byte that of an
 * uninterrupted export. The kill points leave a chunk written but not committed: in a single file
 * its lines are on disk beyond the committed offset, in a directory its part is complete but not
 * counted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportKillIT {

    private TestDatabase database;

    @TempDir
    Path dir;

    @BeforeAll
    void seed() {
        database = TestDatabase.create();
        Result seed = CliRunner.against(database.jdbcUrl(), "seed", "--events", "3000", "--accounts", "60", "--days", "4");
        assertThat(seed.status()).as(seed.err()).isZero();
    }

    @AfterAll
    void close() {
        database.close();
    }

    private List<String> command(Path out, String format) {
        return new ArrayList<>(List.of("export", "--format", format, "--out", out.toString(), "--from", "2026-01-01T06:00:00Z",
                "--replay.export.chunk-size=400", "--replay.data-dir=" + dir.resolve("data"),
                "--spring.datasource.url=" + database.jdbcUrl(), "--spring.datasource.username=postgres"));
    }

    @ParameterizedTest(name = "{0} killed at {1}")
    @CsvSource({"jsonl, export.chunk-before-commit:3", "csv, export.chunk-written:2",
        "parquet, export.chunk-before-commit:4"})
    void aRerunAfterAKillWritesExactlyWhatAnUninterruptedExportWrites(String format, String failpoint) throws Exception {
        // given
        Path reference = dir.resolve("reference-" + format + "." + format);
        Path out = dir.resolve("killed-" + format + "." + format);
        Result uninterrupted = CliRunner.run(command(reference, format).toArray(String[]::new));
        assertThat(uninterrupted.status()).as(uninterrupted.err()).isZero();
        try (ReplayProcess process = ReplayProcess.start(dir, List.of("-Dreplay.failpoint=" + failpoint),
                command(out, format).toArray(String[]::new))) {
            process.awaitLine("FAILPOINT " + failpoint.split(":")[0], Duration.ofMinutes(2));
            // when
            process.kill();
        }
        Result rerun = CliRunner.run(command(out, format).toArray(String[]::new));

        // then
        assertThat(rerun.status()).as(rerun.err()).isZero();
        assertThat(rerun.out()).contains("export [to " + out + "] completed");
        if (Files.isDirectory(reference)) {
            assertThat(ExportedEvents.files(out)).containsExactlyElementsOf(ExportedEvents.files(reference));
            // row for row, part by part: the bytes may differ where the killed run's JVM compressed with another
            // ZSTD implementation than this one
            for (String part : ExportedEvents.files(reference).stream().filter(name -> name.endsWith(".parquet")).toList()) {
                assertThat(ExportedEvents.duckDbParquet(out, part)).as(part)
                        .containsExactlyElementsOf(ExportedEvents.duckDbParquet(reference, part));
            }
            assertThat(ExportedEvents.duckDbParquet(out)).containsExactlyElementsOf(
                    ExportedEvents.hot(database.dataSource(), "occurred_at >= '2026-01-01T06:00:00Z'"));
        } else {
            assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(reference));
            assertThat(Files.readAllLines(out)).hasSizeGreaterThan(2000);
        }
    }
}
