package dev.replay.config.cli;

import dev.replay.jobs.history.JdbcJobHistory;
import dev.replay.jobs.history.JobRun;
import java.io.PrintStream;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code jobs}: job executions from the Spring Batch metadata, newest first. */
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
        List<JobRun> runs = new JdbcJobHistory(parent.runtime().bean(DataSource.class)).recent(job, limit);
        PrintStream out = parent.out();
        if (runs.isEmpty()) {
            out.println(job == null ? "No job executions yet." : "No executions of job " + job + ".");
            return ReplayCli.OK;
        }
        out.printf("%-6s %-18s %-10s %-20s %10s %12s %12s  %s%n",
                "ID", "JOB", "STATUS", "START", "DURATION", "READ", "WRITTEN", "EXIT");
        for (JobRun run : runs) {
            out.printf("%-6d %-18s %-10s %-20s %10s %,12d %,12d  %s%n", run.executionId(), run.jobName(),
                    run.status(), run.startTime() == null ? "-" : START.format(run.startTime()),
                    format(run.duration()), run.readCount(), run.writeCount(), exit(run));
        }
        return ReplayCli.OK;
    }

    private static String exit(JobRun run) {
        String message = run.exitMessage() == null ? "" : run.exitMessage().lines().findFirst().orElse("");
        return message.isEmpty() ? run.exitCode() : run.exitCode() + ": " + message;
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
