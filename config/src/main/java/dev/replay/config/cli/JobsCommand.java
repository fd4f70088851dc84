package dev.replay.config.cli;

import dev.replay.config.FailureReasons;
import dev.replay.jobs.history.JdbcJobHistory;
import dev.replay.jobs.history.JobRun;
import dev.replay.jobs.history.SupersededRuns;
import java.io.PrintStream;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code jobs}: job executions from the Spring Batch metadata, newest first. A partitioned rebuild's
 * counts are its partitions' summed, and its partitions are shown; a failed execution's reason, and
 * {@code [superseded by <id>]} on an unfinished rebuild that a newer completed one superseded.
 */
@Command(name = "jobs", mixinStandardHelpOptions = true,
        description = "List job executions from the Spring Batch metadata, newest first.")
class JobsCommand implements Callable<Integer> {

    private static final DateTimeFormatter START = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    @ParentCommand
    ReplayCommand parent;

    @Option(names = "--job", description = "Only executions of this job.")
    String job;

    @Option(names = "--limit", defaultValue = "20", description = "How many executions (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new UsageException("--limit must be positive, was " + limit);
        }
        DataSource dataSource = parent.runtime().bean(DataSource.class);
        JdbcJobHistory history = new JdbcJobHistory(dataSource);
        List<JobRun> runs = history.recent(job, limit);
        PrintStream out = parent.out();
        if (runs.isEmpty()) {
            out.println(job == null ? "No job executions yet." : "No executions of job " + job + ".");
            return ReplayCli.OK;
        }
        List<Long> ids = runs.stream().map(JobRun::executionId).toList();
        print(runs, history.partitions(ids), new SupersededRuns(dataSource).supersededBy(ids), out);
        return ReplayCli.OK;
    }

    private static void print(List<JobRun> runs, Map<Long, Integer> partitions, Map<Long, Long> superseded,
                              PrintStream out) {
        out.printf("%-6s %-18s %-10s %-20s %10s %12s %12s %5s  %-10s %s%n",
                "ID", "JOB", "STATUS", "START", "DURATION", "READ", "WRITTEN", "PARTS", "EXIT", "REASON");
        for (JobRun run : runs) {
            Integer parts = partitions.get(run.executionId());
            out.printf("%-6d %-18s %-10s %-20s %10s %,12d %,12d %5s  %-10s %s%n", run.executionId(), run.jobName(),
                    run.status(), run.startTime() == null ? "-" : START.format(run.startTime()),
                    format(run.duration()), run.readCount(), run.writeCount(), parts == null ? "-" : parts,
                    run.exitCode(), reason(run, superseded.get(run.executionId())));
        }
    }

    /** The failure's reason line, after the marker of a run that a newer completed one superseded (it does not restart). */
    private static String reason(JobRun run, Long supersededBy) {
        String line = FailureReasons.firstLine(run.exitMessage());
        String marker = supersededBy == null ? "" : "[superseded by " + supersededBy + "]";
        return marker.isEmpty() || line.isEmpty() ? marker + line : marker + " " + line;
    }

    static String format(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < 60) {
            return String.format("%.1fs", duration.toMillis() / 1000.0);
        }
        return seconds < 3600 ? String.format("%dm%02ds", seconds / 60, seconds % 60)
                : String.format("%dh%02dm", seconds / 3600, seconds % 3600 / 60);
    }
}
