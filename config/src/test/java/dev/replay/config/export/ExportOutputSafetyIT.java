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
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 12 defect 1: {@code export --overwrite} deleted whatever was at {@code --out}, the
 * archive's segments included (their events already gone from the hot store). An export now
 * refuses, before it deletes or writes anything, an output that is, contains or lies inside the
 * archive, the data directory or another unfinished export's output; and an overwrite deletes
 * only an earlier export's own files.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportOutputSafetyIT {

    @TempDir
    static Path dir;

    private TestDatabase database;
    private Path archive;
    private Map<String, Long> segments;
    private List<String> all;
    private List<String> deposits;

    @BeforeAll
    void seedAndArchiveHalf() throws Exception {
        database = TestDatabase.create();
        archive = dir.resolve("store").resolve("archive");
        assertThat(run("seed", "--events", "1500", "--accounts", "40", "--days", "4").status()).isZero();
        all = ExportedEvents.hot(database.dataSource(), "true");
        deposits = ExportedEvents.hot(database.dataSource(), "event_type = 'Deposited'");
        Result archived = run("archive", "--before", "2026-01-03T00:00:00Z");
        assertThat(archived.status()).as(archived.err()).isZero();
        segments = files(archive);
        assertThat(segments.keySet()).anyMatch(name -> name.endsWith(".parquet"));
    }

    @AfterAll
    void close() {
        database.close();
    }

    private List<String> common() {
        return List.of("--replay.data-dir=" + dir.resolve("data"), "--replay.archive.uri=" + archive.toUri());
    }

    private Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(common());
        return CliRunner.against(database.jdbcUrl(), all.toArray(String[]::new));
    }

    /** Every file under {@code root}, by relative path, with its size. */
    private static Map<String, Long> files(Path root) throws Exception {
        Map<String, Long> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(file).toString(), Files.size(file));
            }
        }
        return files;
    }

    private void assertArchiveIntact() throws Exception {
        assertThat(files(archive)).isEqualTo(segments);
        Result verify = run("verify");
        assertThat(verify.status()).as(verify.out() + verify.err()).isZero();
    }

    Stream<Arguments> archiveOutputs() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("link-to-store"), dir.resolve("store"));
        return Stream.of(
                Arguments.of("the archive's URI", archive.toUri().toString(), "is"),
                Arguments.of("the archive's events directory", archive.resolve("events").toString(), "lies inside"),
                Arguments.of("a partition, by a file: URI with '..' and a trailing slash",
                        "file:" + archive.resolve("events/../events/date=2026-01-01") + "/", "lies inside"),
                Arguments.of("a parent of the archive", archive.getParent().toString(), "contains"),
                Arguments.of("the archive through a symbolic link", link.resolve("archive/events").toString(), "lies inside"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("archiveOutputs")
    @DisplayName("Issue 12 defect 1: export --overwrite into, over or around the archive exits 2 and keeps every segment")
    void anOverwriteOfTheArchiveIsRefused(String what, String out, String relation) throws Exception {
        // when
        Result export = run("export", "--format", "parquet", "--out", out, "--overwrite");

        // then
        assertThat(export.status()).as(export.out() + export.err()).isEqualTo(2);
        assertThat(export.err()).contains(" " + relation + " the archive (replay.archive.uri) at " + archive.toUri())
                .doesNotContain("\tat ").hasLineCount(1);
        assertArchiveIntact();
    }

    @Test
    @DisplayName("Issue 12 defect 1: an export into the data directory exits 2 naming it")
    void anExportIntoTheDataDirectoryIsRefused() throws Exception {
        // given
        Path out = dir.resolve("data").resolve("x");

        // when
        Result export = run("export", "--format", "parquet", "--out", out.toString());

        // then
        assertThat(export.status()).as(export.out() + export.err()).isEqualTo(2);
        assertThat(export.err()).contains("out " + out + " lies inside the data directory (replay.data-dir) at "
                + dir.resolve("data"));
        assertThat(out).doesNotExist();
        assertArchiveIntact();
    }

    @Test
    @DisplayName("Issue 12 defect 1: export --overwrite of a directory holding a foreign file exits 2 naming it and keeps it")
    void anOverwriteOfADirectoryWithAForeignFileIsRefused() throws Exception {
        // given
        Path out = dir.resolve("mine");
        Files.createDirectories(out.resolve("sub"));
        Files.writeString(out.resolve("notes.txt"), "keep me\n");
        Files.writeString(out.resolve("sub").resolve("part-00000.parquet"), "not an export's\n");

        // when
        Result export = run("export", "--format", "parquet", "--out", out.toString(), "--overwrite");

        // then
        assertThat(export.status()).as(export.out() + export.err()).isEqualTo(2);
        assertThat(export.err()).contains("out " + out + " is not an earlier export's output").containsPattern(
                "it holds (notes\\.txt|the directory sub), which no export wrote");
        assertThat(Files.readString(out.resolve("notes.txt"))).isEqualTo("keep me\n");
        assertThat(out.resolve("sub").resolve("part-00000.parquet")).exists();
    }

    @Test
    @DisplayName("Issue 12 defect 1: export --overwrite of a single file no export wrote exits 2 and keeps it")
    void anOverwriteOfAForeignFileIsRefused() throws Exception {
        // given
        Path out = dir.resolve("someone-elses.jsonl");
        Files.writeString(out, "keep me\n");

        // when
        Result export = run("export", "--out", out.toString(), "--overwrite");

        // then
        assertThat(export.status()).as(export.out() + export.err()).isEqualTo(2);
        assertThat(export.err()).contains("out " + out + " is not an earlier export's output")
                .contains("it is a file that no earlier export wrote");
        assertThat(Files.readString(out)).isEqualTo("keep me\n");
    }

    @Test
    @DisplayName("Issue 12 defect 1: export --overwrite of an earlier export's directory replaces it exactly")
    void anOverwriteOfAnEarlierExportReplacesItExactly() throws Exception {
        // given: an earlier export of everything in many parts
        Path out = dir.resolve("earlier");
        Result first = run("export", "--format", "parquet", "--out", out.toString(), "--replay.export.chunk-size=200");
        assertThat(first.status()).as(first.err()).isZero();
        assertThat(ExportedEvents.files(out)).contains("_replay_export", "_SUCCESS", "part-00007.parquet");

        // when: deposits only, in fewer parts
        Result second = run("export", "--format", "parquet", "--event-type", "Deposited", "--out", out.toString(),
                "--overwrite", "--replay.export.chunk-size=5000");

        // then: no part of the earlier export is left
        assertThat(second.status()).as(second.err()).isZero();
        List<String> parts = ExportedEvents.files(out).stream().filter(name -> name.startsWith("part-")).toList();
        assertThat(ExportedEvents.files(out)).hasSize(parts.size() + 2).contains("_replay_export", "_SUCCESS");
        assertThat(parts).hasSizeLessThanOrEqualTo(4); // one per UTC day
        assertThat(ExportedEvents.duckDbParquet(out)).containsExactlyElementsOf(deposits);
        assertThat(Files.readString(out.resolve("_replay_export"))).contains("out=file:" + out).contains("format=parquet");
        assertArchiveIntact();
    }

    @Test
    @DisplayName("Issue 12 defect 1: an export inside or around an unfinished export's output exits 2, and so does its restart into the data directory")
    void anUnfinishedExportsOutputIsGuarded() throws Exception {
        // given: an export killed mid-way, left unfinished
        Path out = dir.resolve("exports").resolve("unfinished");
        List<String> command = new ArrayList<>(List.of("export", "--format", "parquet", "--out", out.toString(),
                "--replay.export.chunk-size=200", "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=postgres"));
        command.addAll(common());
        try (ReplayProcess process = ReplayProcess.start(dir, List.of("-Dreplay.failpoint=export.chunk-before-commit:2"),
                command.toArray(String[]::new))) {
            process.awaitLine("FAILPOINT export.chunk-before-commit", Duration.ofMinutes(2));
            process.kill();
        }
        String execution = new JdbcTemplate(database.dataSource()).queryForObject("select max(e.job_execution_id)::text"
                + " from batch_job_execution e join batch_job_instance i on i.job_instance_id = e.job_instance_id"
                + " where i.job_name = 'export' and e.status = 'STARTED'", String.class);
        assertThat(execution).isNotNull();

        // when
        Result inside = run("export", "--format", "parquet", "--out", out.resolve("nested").toString());
        Result containing = run("export", "--format", "parquet", "--out", out.getParent().toString(), "--overwrite");
        Result restart = CliRunner.against(database.jdbcUrl(), "restart", execution,
                "--replay.data-dir=" + dir, "--replay.archive.uri=" + archive.toUri());

        // then
        assertThat(inside.status()).as(inside.out() + inside.err()).isEqualTo(2);
        assertThat(inside.err()).contains("out " + out.resolve("nested") + " lies inside the output of started export"
                + " execution " + execution + " at " + out);
        assertThat(containing.status()).as(containing.out() + containing.err()).isEqualTo(2);
        assertThat(containing.err()).contains("out " + out.getParent() + " contains the output of started export"
                + " execution " + execution + " at " + out);
        assertThat(restart.status()).as(restart.out() + restart.err()).isEqualTo(2);
        assertThat(restart.err()).contains("out " + out + " lies inside the data directory (replay.data-dir) at " + dir);
        assertThat(out.resolve("nested")).doesNotExist();

        // and the same command still resumes and completes it
        Result rerun = run(command.subList(0, 6).toArray(String[]::new));
        assertThat(rerun.status()).as(rerun.err()).isZero();
        assertThat(ExportedEvents.duckDbParquet(out)).containsExactlyElementsOf(all);
        assertArchiveIntact();
    }

    @Test
    @DisplayName("Issue 12 defect 1: an export killed after marking its directory, before its prepare step committed, resumes over its own marker")
    void aKillBetweenMarkingAndCommittingResumes() throws Exception {
        // given: the directory is marked, the prepare step's transaction never commits
        Path out = dir.resolve("killed-in-prepare");
        List<String> command = new ArrayList<>(List.of("export", "--format", "parquet", "--out", out.toString(),
                "--spring.datasource.url=" + database.jdbcUrl(), "--spring.datasource.username=postgres"));
        command.addAll(common());
        try (ReplayProcess process = ReplayProcess.start(dir, List.of("-Dreplay.failpoint=export.prepare.before-commit"),
                command.toArray(String[]::new))) {
            process.awaitLine("FAILPOINT export.prepare.before-commit", Duration.ofMinutes(2));
            process.kill();
        }
        assertThat(ExportedEvents.files(out)).containsExactly("_replay_export");

        // when
        Result rerun = run("export", "--format", "parquet", "--out", out.toString());

        // then
        assertThat(rerun.status()).as(rerun.out() + rerun.err()).isZero();
        assertThat(ExportedEvents.duckDbParquet(out)).containsExactlyElementsOf(all);
    }
}
