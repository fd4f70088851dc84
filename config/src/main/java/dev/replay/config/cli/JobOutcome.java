package dev.replay.config.cli;

import dev.replay.config.FailureReasons;
import dev.replay.jobs.archive.ArchiveJobConfiguration;
import dev.replay.jobs.export.ExportJobConfiguration;
import dev.replay.jobs.export.ExportRequest;
import java.io.PrintStream;
import java.time.Duration;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;

/** The summary line of a finished job execution, and its exit status: 0 completed, 1 otherwise. */
final class JobOutcome {

    private JobOutcome() {
    }

    static int report(JobExecution execution, PrintStream out) {
        String name = execution.getJobInstance().getJobName();
        String subject = subject(execution);
        if (execution.getStatus() != BatchStatus.COMPLETED) {
            execution.getAllFailureExceptions().forEach(failure -> FailureLog.error("{} [{}] execution {} failed",
                    name, subject, execution.getId(), failure)); // the stack traces go to the log file only
            throw new CommandFailedException(String.format("%s [%s] %s (execution %d): %s; continue with 'restart %d'",
                    name, subject, status(execution), execution.getId(),
                    failure(execution), execution.getId()));
        }
        // a completed partitioned step holds its partitions' counts; this process may hold stale copies of remote ones
        long read = execution.getStepExecutions().stream().filter(step -> !step.getStepName().contains(":"))
                .mapToLong(StepExecution::getReadCount).sum();
        Duration took = execution.getStartTime() == null || execution.getEndTime() == null ? Duration.ZERO
                : Duration.between(execution.getStartTime(), execution.getEndTime());
        double seconds = Math.max(took.toMillis(), 1) / 1000.0;
        out.printf("%s [%s] completed (execution %d): %,d events in %.1fs, %,.0f events/s%n",
                name, subject, execution.getId(), read, seconds, read / seconds);
        return ReplayCli.OK;
    }

    /**
     * UNKNOWN is Spring Batch's word for "failed, and the end could not be recorded" (the database
     * was gone); the next launch treats it as failed and resumes it, so it is reported as failed.
     */
    private static String status(JobExecution execution) {
        BatchStatus status = execution.getStatus() == BatchStatus.UNKNOWN ? BatchStatus.FAILED : execution.getStatus();
        return status.toString().toLowerCase();
    }

    /** What the job works on: a rebuild's projection, an archive run's cutoff, an export's output. */
    private static String subject(JobExecution execution) {
        String before = execution.getJobParameters().getString(ArchiveJobConfiguration.BEFORE);
        String out = execution.getJobParameters().getString(ExportJobConfiguration.OUT);
        return before != null ? "before " + before
                : out != null ? "to " + ExportRequest.of(execution.getJobParameters()).output()
                : execution.getJobParameters().getString("projection", "");
    }

    private static String failure(JobExecution execution) {
        return FailureReasons.of(execution).orElse(execution.getExitStatus().getExitDescription());
    }
}
