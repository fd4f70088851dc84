package dev.replay.jobs.launch;

import dev.replay.jobs.export.ExportJobConfiguration;
import dev.replay.archive.sink.ExportOutput;
import dev.replay.jobs.export.ExportOutputExistsException;
import dev.replay.jobs.export.ExportOutputGuard;
import dev.replay.archive.sink.ExportOutputRefusedException;
import dev.replay.jobs.export.ExportRequest;
import dev.replay.archive.sink.ExportStorage;
import dev.replay.jobs.export.JdbcExportRuns;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * Launches exports so that a plain re-run does the right thing: an unfinished export of the same
 * request (filter, format, output; failed, stopped, or left STARTED by a killed process) is
 * restarted from its last committed chunk; otherwise a fresh export starts, refusing an output
 * that already exists unless told to overwrite it. An unfinished export of another request to the
 * same output is abandoned when a fresh one replaces its output, so it can never be resumed over
 * it. A session advisory lock per output refuses a second export to it while one runs.
 *
 * <p>Before anything is deleted or written, by a fresh, a resumed or a restarted export alike, the
 * output is checked: the {@link ExportOutputGuard} refuses one that collides with the archive, the
 * data directory or another unfinished export's output, and an overwrite is refused unless all
 * that is there is an earlier export's ({@link ExportStorage#checkReplaceable}).
 *
 * <p>Runs the job synchronously on the calling thread. Thread-safe.
 */
public class ExportLauncher {

    private static final Logger log = LoggerFactory.getLogger(ExportLauncher.class);

    private final JobOperator operator;
    private final JobRepository repository;
    private final ExportStorage storage;
    private final RunLauncher launcher;
    private final JdbcExportRuns exportRuns;
    private final ExportOutputGuard guard;

    /** A launcher that guards only against other exports' outputs; see the other constructor. */
    public ExportLauncher(JobOperator operator, JobRepository repository, Job exportJob, ExportStorage storage,
                          DataSource dataSource) {
        this(operator, repository, exportJob, storage, dataSource, null);
    }

    /** @param guard what outputs are refused; null to guard only against other exports' outputs */
    public ExportLauncher(JobOperator operator, JobRepository repository, Job exportJob, ExportStorage storage,
                          DataSource dataSource, ExportOutputGuard guard) {
        this.operator = operator;
        this.repository = repository;
        this.storage = storage;
        this.launcher = new RunLauncher(operator, repository, exportJob, dataSource, ExportLauncher::subject);
        this.exportRuns = new JdbcExportRuns(dataSource);
        this.guard = guard != null ? guard : new ExportOutputGuard(Map.of(), exportRuns);
    }

    /**
     * Exports, resuming an unfinished export of the same request if there is one.
     *
     * @param maxRate events read per second at most, 0 for no limit (a resumed export keeps its own)
     * @throws ExportOutputExistsException when a fresh export would write over an existing output
     * @throws ExportOutputRefusedException when the output collides with a protected place or another
     *         export's output, or an overwrite would delete what no export wrote
     * @throws JobAlreadyRunningException when an export to the same output runs elsewhere
     */
    public JobExecution run(ExportRequest request, long maxRate, boolean overwrite) throws Exception {
        Objects.requireNonNull(request, "request");
        String out = request.output().uri().toString();
        return launcher.run(scope(request.output()), new RunLauncher.Launch() {
            @Override
            public void check() {
                guard.check(request.output());
            }

            @Override
            public Optional<JobExecution> unfinished() {
                return launcher.runs().unfinishedLast(ExportJobConfiguration.JOB, Map.of(ExportJobConfiguration.OUT, out));
            }

            @Override
            public boolean resumes(JobExecution unfinished) {
                return request.equals(ExportRequest.of(unfinished.getJobParameters()));
            }

            @Override
            public void beforeStart(Optional<JobExecution> unfinished) throws Exception {
                if (!overwrite && storage.exists(request.output())) {
                    throw new ExportOutputExistsException(request.output());
                }
                if (overwrite) {
                    storage.checkReplaceable(request.output(), exportRuns.wroteTo(request.output(), -1));
                }
                if (unfinished.isPresent()) {
                    abandon(unfinished.get());
                }
            }

            @Override
            public JobParameters parameters() {
                return request.toJobParameters(System.currentTimeMillis(), maxRate, overwrite);
            }
        });
    }

    /**
     * Restarts the given export execution from its last committed chunk.
     *
     * @throws IllegalArgumentException naming the id when there is no such export execution
     * @throws JobAlreadyRunningException when an export to its output is running
     * @throws ExportOutputRefusedException when its output now collides with a protected place or
     *         another export's output
     */
    public JobExecution restart(long executionId) throws Exception {
        JobExecution execution = launcher.runs().execution(executionId, ExportJobConfiguration.JOB, "export");
        ExportOutput output = ExportRequest.of(execution.getJobParameters()).output();
        return launcher.restart(execution, scope(output), () -> guard.check(output));
    }

    /** Events written and bytes at the output of a completed export execution. */
    public ExportSummary summary(JobExecution execution) {
        ExportRequest request = ExportRequest.of(execution.getJobParameters());
        StepExecution step = repository.getLastStepExecution(execution.getJobInstance(), ExportJobConfiguration.STEP);
        long events = step == null ? 0 : step.getExecutionContext().getLong(ExportJobConfiguration.WRITER + ".written", 0L);
        return new ExportSummary(request.output(), events, storage.bytes(request.output()));
    }

    /** What a completed export left: where, how many events, how many bytes. */
    public record ExportSummary(ExportOutput output, long events, long bytes) {
    }

    private void abandon(JobExecution execution) throws Exception {
        if (execution.isRunning()) {
            execution = operator.recover(execution); // we hold the lock: its process is gone
        }
        log.info("{}. Abandoning execution {}: a fresh export replaces its output", subject(execution), execution.getId());
        operator.abandon(execution);
    }

    private static String subject(JobExecution execution) {
        return "Export [" + ExportRequest.of(execution.getJobParameters()).output() + "]";
    }

    private RunScope scope(ExportOutput output) {
        String out = output.uri().toString();
        return new RunScope("replay:export:" + out, "Export to " + output,
                () -> launcher.runs().running(ExportJobConfiguration.OUT, out), RunScope.Tier.READ);
    }
}
