package dev.replay.config.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.config.cli.CliRunner;
import dev.replay.config.cli.CliRunner.Result;
import dev.replay.readers.testing.TestDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exports once part of the history is archived: archived segments and hot store appear as one
 * stream in replay order, filters apply to both tiers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportOverArchiveIT {

    private static final String CUTOFF = "2026-01-03T00:00:00Z";

    @TempDir
    static Path dir;

    private TestDatabase database;
    private List<String> all;
    private List<String> deposits;

    @BeforeAll
    void seedAndArchiveHalf() {
        database = TestDatabase.create();
        assertThat(run("seed", "--events", "3000", "--accounts", "60", "--days", "4").status()).isZero();
        all = ExportedEvents.hot(database.dataSource(), "true");
        deposits = ExportedEvents.hot(database.dataSource(), "event_type = 'Deposited'"
                + " and occurred_at >= '2026-01-02T12:00:00Z' and occurred_at < '2026-01-03T12:00:00Z'");
        Result archive = run("archive", "--before", CUTOFF);
        assertThat(archive.status()).as(archive.err()).isZero();
        assertThat(ExportedEvents.hot(database.dataSource(), "true")).hasSizeLessThan(all.size() * 3 / 4);
    }

    @AfterAll
    void close() {
        database.close();
    }

    private Result run(String... args) {
        List<String> list = new ArrayList<>(List.of(args));
        list.add("--replay.data-dir=" + dir.resolve("data"));
        list.add("--replay.archive.uri=" + dir.resolve("archive").toUri());
        return CliRunner.against(database.jdbcUrl(), list.toArray(String[]::new));
    }

    @Test
    void exportsArchivedAndHotEventsAsOneStreamInReplayOrder() throws Exception {
        // given
        Path out = dir.resolve("all.jsonl");

        // when
        Result export = run("export", "--out", out.toString(), "--replay.export.chunk-size=700");

        // then
        assertThat(export.status()).as(export.err()).isZero();
        assertThat(ExportedEvents.jsonLines(out)).containsExactlyElementsOf(ExportedEvents.normalizedPayloads(all));
    }

    @Test
    void filtersApplyToBothTiers() throws Exception {
        // given
        Path out = dir.resolve("deposits.csv");

        // when
        Result export = run("export", "--event-type", "Deposited", "--from", "2026-01-02T12:00:00Z",
                "--to", "2026-01-03T12:00:00Z", "--out", out.toString());

        // then
        assertThat(export.status()).as(export.err()).isZero();
        assertThat(deposits).hasSizeGreaterThan(100);
        assertThat(ExportedEvents.duckDbCsv(out)).containsExactlyElementsOf(deposits);
    }
}
