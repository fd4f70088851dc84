package dev.replay.config.serve;

import dev.replay.jobs.history.JdbcJobHistory;
import dev.replay.jobs.history.JdbcJobProgress;
import dev.replay.jobs.history.JobProgress;
import dev.replay.jobs.history.JobRun;
import dev.replay.jobs.history.StepRun;
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
 * ones masked) and the failure message. Thread-safe.
 */
class ExecutionViews {

    private static final int MESSAGE_LINE = 500;

    private final JdbcJobHistory history;
    private final JdbcJobProgress progress;
    private final JdbcTemplate jdbc;

    ExecutionViews(JdbcJobHistory history, JdbcJobProgress progress, DataSource dataSource) {
        this.history = history;
        this.progress = progress;
        this.jdbc = new JdbcTemplate(dataSource);
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
        return runs.stream().map(run -> view(run, progressById.get(run.executionId()),
                parameters.getOrDefault(run.executionId(), Map.of()))).toList();
    }

    private static ExecutionView view(JobRun run, JobProgress progress, Map<String, String> parameters) {
        double seconds = run.duration().toMillis() / 1000.0;
        String message = reason(run.exitMessage());
        return new ExecutionView(run.executionId(), run.jobName(), run.status(), run.exitCode(),
                Secrets.mask(message.length() > MESSAGE_LINE ? message.substring(0, MESSAGE_LINE) + "…" : message),
                run.startTime(), run.endTime(), run.duration().toMillis(), run.readCount(), run.writeCount(),
                run.skipCount(), seconds > 0 ? Math.round(run.readCount() / seconds) : 0,
                progress == null ? null : progress.step(), progress == null ? 0 : progress.done(),
                progress == null ? 0 : progress.total(), progress == null || progress.total() == 0 ? null : progress.fraction(),
                parameters);
    }

    /**
     * The first line of an exit message: a serve launch puts the reason there; for a Spring Batch
     * wrapper's stack trace (a run launched elsewhere), the innermost cause's line instead.
     */
    static String reason(String exitMessage) {
        if (exitMessage == null || exitMessage.isBlank()) {
            return "";
        }
        List<String> lines = exitMessage.lines().toList();
        if (!lines.get(0).startsWith("org.springframework.batch")) {
            return lines.get(0);
        }
        return lines.stream().filter(line -> line.startsWith("Caused by: ")).reduce((first, second) -> second)
                .map(line -> line.substring("Caused by: ".length())).orElse(lines.get(0));
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
     */
    record ExecutionView(long id, String job, String status, String exitCode, String exitMessage, Instant startTime,
                         Instant endTime, long durationMillis, long readCount, long writeCount, long skipCount,
                         long eventsPerSecond, String step, long done, long total, Double progress,
                         Map<String, String> parameters) {
    }

    /** One execution with its steps and its whole exit message. */
    record ExecutionDetail(ExecutionView execution, List<StepRun> steps, String exitMessage) {
    }
}
