package dev.replay.config.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.readers.testing.TestDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@code bench} on a small data set: it runs and prints its figures (their values are not checked: tests are not benchmarks). */
class BenchIT {

    @Test
    @DisplayName("Issue 13: bench --reader --apply prints the reader's and the apply path's rates, then the contenders'")
    void printsTheMeasurementsThatLeftTheTestTrees() {
        try (TestDatabase database = TestDatabase.create(false)) {
            // when
            CliRunner.Result run = CliRunner.against(database.jdbcUrl(), "bench", "--events", "3000", "--accounts", "100",
                    "--baseline-max-events", "500", "--reader", "--apply", "--apply-events", "1000", "--rounds", "1");

            // then
            assertThat(run.status()).as(run.err()).isZero();
            assertThat(run.out()).contains("round 1  reader, prefetch on", "chunks + writer, prefetch off",
                    "round 1: live", "building", "completion", "raw COPY ... TO STDOUT", "hand-written Spring Batch");
            // the contenders' rebuild replaced the build of the first 1,000 events that --apply swapped in
            JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
            assertThat(jdbc.queryForObject("select count(*) from account_balance", Long.class)).isEqualTo(
                    jdbc.queryForObject("select count(distinct aggregate_id) from events", Long.class));
        }
    }

    @Test
    @DisplayName("Issue 13: bench --rounds 0 is bad usage naming the value")
    void zeroRoundsIsBadUsage() {
        try (TestDatabase database = TestDatabase.create(false)) {
            // when
            CliRunner.Result run = CliRunner.against(database.jdbcUrl(), "bench", "--reader", "--rounds", "0");

            // then
            assertThat(run.status()).isEqualTo(2);
            assertThat(run.err()).contains("--rounds", "0");
        }
    }

    @Test
    @DisplayName("Issue 14: bench --sql-projection rebuilds a one-statement SQL projection beside account-balances")
    void reportsTheSqlProjectionsRate() {
        try (TestDatabase database = TestDatabase.create(false)) {
            // when
            CliRunner.Result run = CliRunner.against(database.jdbcUrl(), "bench", "--events", "3000", "--accounts", "100",
                    "--baseline-max-events", "500", "--sql-projection");

            // then: its row and ratio, and its read model: every deposit added to its account's total
            assertThat(run.status()).as(run.err()).isZero();
            assertThat(run.out()).contains("rebuild account-balances", "rebuild SQL bench-deposits",
                    "SQL projection / account-balances:");
            JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
            assertThat(jdbc.queryForList("select account_id, total from bench_deposit except select aggregate_id,"
                    + " sum((event_data->>'amount')::numeric) from events where event_type = 'Deposited' group by 1")).isEmpty();
            assertThat(jdbc.queryForObject("select count(*) from bench_deposit", Long.class)).isEqualTo(jdbc.queryForObject(
                    "select count(distinct aggregate_id) from events where event_type = 'Deposited'", Long.class));
        }
    }

    @TempDir
    Path dir;

    /** bench against {@code database}, its archive and data directory under {@link #dir}. */
    private CliRunner.Result bench(TestDatabase database, String... args) {
        List<String> all = new ArrayList<>(List.of("bench", "--events", "20000", "--accounts", "1000",
                "--baseline-max-events", "1000", "--replay.archive.uri=" + dir.resolve("archive").toUri(),
                "--replay.data-dir=" + dir.resolve("data"), "--replay.archive.segment-max-rows=3000"));
        all.addAll(List.of(args));
        return CliRunner.against(database.jdbcUrl(), all.toArray(String[]::new));
    }

    /** The numbers of every match of {@code regex}'s groups in {@code out}, commas dropped. */
    private static List<double[]> numbers(String out, String regex) {
        List<double[]> found = new ArrayList<>();
        Matcher matcher = Pattern.compile(regex).matcher(out);
        while (matcher.find()) {
            double[] values = new double[matcher.groupCount()];
            for (int i = 0; i < values.length; i++) {
                values[i] = Double.parseDouble(matcher.group(i + 1).replace(",", ""));
            }
            found.add(values);
        }
        return found;
    }

    private static double number(String out, String regex) {
        List<double[]> found = numbers(out, regex);
        assertThat(found).as("one match of " + regex + " in:\n" + out).hasSize(1);
        return found.get(0)[0];
    }

    @Test
    @DisplayName("Issue 15: bench --archive-all prints the text and binary COPY reads, the limit, the archive-only ratio"
            + " and the archive replayed into a no-op projection")
    void printsTheArchiveOnlyFigures() {
        try (TestDatabase database = TestDatabase.create(false)) {
            // when
            CliRunner.Result run = bench(database, "--archive-all");

            // then: both raw reads read every event, the ratios are positive
            assertThat(run.status()).as(run.err()).isZero();
            String out = run.out();
            assertThat(number(out, "raw COPY \\.\\.\\. TO STDOUT +([\\d,]+) ")).isEqualTo(20_000);
            assertThat(number(out, "raw binary COPY +([\\d,]+) ")).isEqualTo(20_000);
            assertThat(out).containsPattern("raw read limit: (binary|text) COPY, [\\d,]+ events/s");
            assertThat(number(out, "rebuild / raw read limit: +([\\d.]+)")).isPositive();
            assertThat(number(out, "rebuild over archive only / hot only: ([\\d.]+)")).isPositive();
            assertThat(out).doesNotContain("merged rebuild / hot only");
            // every event archived, and the replay read each of them from the archive
            JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
            assertThat(jdbc.queryForObject("select count(*) from events", Long.class)).isZero();
            assertThat(jdbc.queryForObject("select sum(rows) from archive_segment", Long.class)).isEqualTo(20_000);
            assertThat(numbers(out, "archive replay into a no-op projection: ([\\d,]+) events/s +\\(([\\d,]+) events"))
                    .singleElement().satisfies(replay -> {
                        assertThat(replay[0]).isPositive();
                        assertThat(replay[1]).isEqualTo(20_000);
                    });
        }
    }

    @Test
    @DisplayName("Issue 15: bench --partitions 4 --archive-half prints per tier the events each partition read and the"
            + " read amplification")
    void printsWhatEachPartitionRead() {
        try (TestDatabase database = TestDatabase.create(false)) {
            // when
            CliRunner.Result run = bench(database, "--partitions", "4", "--archive-half");

            // then: per tier, the partitions' counts sum to at least the tier's events, as counted by SQL
            assertThat(run.status()).as(run.err()).isZero();
            String out = run.out();
            JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
            long hot = jdbc.queryForObject("select count(*) from events", Long.class);
            long archived = jdbc.queryForObject("select sum(rows) from archive_segment", Long.class);
            assertThat(hot).isPositive();
            assertThat(archived).isEqualTo(20_000 - hot);
            assertThat(partitionRows(out, "hot store, rows its page queries returned")).isEqualTo(hot); // filtered in SQL
            assertThat(partitionRows(out, "archive, rows each partition decoded")).isGreaterThanOrEqualTo(archived);
            assertThat(number(out, "rows PostgreSQL read from events .*: ([\\d,]+) of [\\d,]+ events"))
                    .isGreaterThanOrEqualTo(hot);
            List<double[]> amplifications = numbers(out, "read amplification \\(N=4\\): ([\\d.]+)");
            assertThat(amplifications).hasSize(3); // hot rows returned, PostgreSQL's reads, archive rows decoded
            assertThat(amplifications).allSatisfy(ratio -> assertThat(ratio[0]).isBetween(1.0, 4.5));
            assertThat(out).contains("rebuild, 4 partitions");
        }
    }

    /** The sum a tier's line gives, after checking it is the sum of the four partitions' counts it lists. */
    private static long partitionRows(String out, String tier) {
        String line = out.lines().filter(l -> l.startsWith(tier)).findFirst().orElseThrow(() ->
                new AssertionError("no line " + tier + " in:\n" + out));
        List<double[]> partitions = numbers(line, "\\d/4 ([\\d,]+)");
        assertThat(partitions).as(line).hasSize(4);
        long sum = (long) number(line, "sum ([\\d,]+) of");
        assertThat(partitions.stream().mapToLong(p -> (long) p[0]).sum()).as(line).isEqualTo(sum);
        return sum;
    }

    @Test
    @DisplayName("Issue 15: without an archive, bench says it skipped the archive replay; --archive-half with"
            + " --archive-all is bad usage")
    void skipsTheArchiveReplayWithoutArchive() {
        try (TestDatabase database = TestDatabase.create(false)) {
            // when
            CliRunner.Result both = CliRunner.against(database.jdbcUrl(), "bench", "--archive-half", "--archive-all");
            CliRunner.Result run = CliRunner.against(database.jdbcUrl(), "bench", "--events", "3000", "--accounts", "100",
                    "--baseline-max-events", "500");

            // then
            assertThat(both.status()).isEqualTo(2);
            assertThat(both.err()).contains("--archive-half", "--archive-all");
            assertThat(run.status()).as(run.err()).isZero();
            assertThat(run.out()).contains("archive replay into a no-op projection: skipped, the archive is empty");
            assertThat(number(run.out(), "raw binary COPY +([\\d,]+) ")).isEqualTo(3_000);
        }
    }
}
