package dev.replay.config.serve;

import dev.replay.config.FailureReasons;
import dev.replay.jobs.history.JdbcJobHistory;
import dev.replay.jobs.history.JdbcJobProgress;
import dev.replay.jobs.history.JobProgress;
import dev.replay.jobs.history.JobRun;
import dev.replay.jobs.history.StepRun;
import dev.replay.jobs.history.SupersededRuns;
import dev.replay.jobs.rebuild.RebuildJobConfiguration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Job executions as the API and the dashboard show them, from the Spring Batch metadata and the
 * runs' recorded totals: status, step, counts, events/s, progress, parameters (secret-looking
 * ones masked) and the failure message. A partitioned rebuild counts its partitions' steps
 * ({@code replay-partition:*}, local or remote), summed. A failed execution carries its reason's first
 * line; an unfinished rebuild that a newer completed one superseded names it ({@link SupersededRuns}).
 * Thread-safe.
 */
class ExecutionViews {

    private static final int MESSAGE_LINE = 500;

    private final JdbcJobHistory history;
    private final JdbcJobProgress progress;
    private final JdbcTemplate jdbc;
    private final SupersededRuns superseded;

    ExecutionViews(JdbcJobHistory history, JdbcJobProgress progress, DataSource dataSource) {
        this.history = history;
        this.progress = progress;
        this.jdbc = new JdbcTemplate(dataSource);
        this.superseded = new SupersededRuns(dataSource);
    }

    /** The newer completed execution that superseded this one, if any. */
    Optional<Long> supersededBy(long id) {
        return superseded.supersededBy(id);
    }

    List<ExecutionView> recent(String job, int limit) {
        return views(history.recent(job, limit));
    }

    Optional<ExecutionDetail> get(long id) {
        return history.find(id).map(run -> new ExecutionDetail(views(List.of(run)).get(0), history.steps(id),
                Secrets.mask(run.exitMessage())));
    }

    private List<ExecutionView> views(List<JobRun> runs) {
        List<Long> ids = runs.stream().map(JobRun::executionId).toList();
        Map<Long, JobProgress> progressById = progress.of(ids);
        Map<Long, Map<String, String>> parameters = parameters(ids);
        Map<Long, Long> supersededBy = superseded.supersededBy(ids);
        return runs.stream().map(run -> view(run, progressById.get(run.executionId()),
                parameters.getOrDefault(run.executionId(), Map.of()), supersededBy.get(run.executionId()))).toList();
    }

    private static ExecutionView view(JobRun run, JobProgress progress, Map<String, String> parameters,
                                      Long supersededBy) {
        double seconds = run.duration().toMillis() / 1000.0;
        String message = reason(run.exitMessage());
        String line = Secrets.mask(message.length() > MESSAGE_LINE ? message.substring(0, MESSAGE_LINE) + "…" : message);
        return new ExecutionView(run.executionId(), run.jobName(), run.status(), run.exitCode(), line,
                run.startTime(), run.endTime(), run.duration().toMillis(), run.readCount(), run.writeCount(),
                run.skipCount(), seconds > 0 ? Math.round(run.readCount() / seconds) : 0,
                progress == null ? null : progress.step(), progress == null ? 0 : progress.done(),
                progress == null ? 0 : progress.total(), progress == null || progress.total() == 0 ? null : progress.fraction(),
                parameters, "FAILED".equals(run.status()) && !line.isEmpty() ? line : null, supersededBy,
                partitions(parameters.get(RebuildJobConfiguration.PARTITIONS)));
    }

    private static Integer partitions(String parameter) {
        try {
            return parameter == null ? null : Integer.valueOf(parameter.strip());
        } catch (NumberFormatException e) {
            return null; // not a launch of ours: show none rather than fail the listing
        }
    }

    /**
     * The first line of an exit message: a serve launch puts the reason there; for a Spring Batch
     * wrapper's stack trace (a run launched elsewhere), the innermost cause's line instead.
     */
    static String reason(String exitMessage) {
        return FailureReasons.firstLine(exitMessage);
    }

    private Map<Long, Map<String, String>> parameters(List<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<Long, Map<String, String>> parameters = new HashMap<>();
        jdbc.query("select job_execution_id, parameter_name, parameter_value from batch_job_execution_params"
                + " where job_execution_id in (" + ids.stream().map(id -> "?").collect(Collectors.joining(", ")) + ")",
                rs -> {
                    parameters.computeIfAbsent(rs.getLong(1), id -> new TreeMap<>())
                            .put(rs.getString(2), Secrets.mask(rs.getString(2), rs.getString(3)));
                }, ids.toArray());
        return parameters;
    }

    /**
     * One execution.
     *
     * @param exitMessage     the first line of the failure message (the detail has all of it)
     * @param eventsPerSecond events read by this execution per second of its duration
     * @param step            the step it is in, or ended in
     * @param done            events done by the run (its job instance, across restarts)
     * @param total           events the run has to do, 0 when not known
     * @param progress        done / total in [0, 1], null when the total is not known
     * @param failureReason   the first line of a FAILED execution's reason, null otherwise
     * @param supersededBy    the newer completed execution of the same projection's rebuild that superseded
     *                        this unfinished one (see {@link SupersededRuns}), null otherwise; it does not restart
     * @param partitions      the partitions of a partitioned rebuild, null for one stream and other jobs
     */
    record ExecutionView(long id, String job, String status, String exitCode, String exitMessage, Instant startTime,
                         Instant endTime, long durationMillis, long readCount, long writeCount, long skipCount,
                         long eventsPerSecond, String step, long done, long total, Double progress,
                         Map<String, String> parameters, String failureReason, Long supersededBy, Integer partitions) {
    }

    /** One execution with its steps and its whole exit message. */
    record ExecutionDetail(ExecutionView execution, List<StepRun> steps, String exitMessage) {
    }
}
