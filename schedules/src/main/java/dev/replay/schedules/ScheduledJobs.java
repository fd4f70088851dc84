package dev.replay.schedules;

import java.util.Map;
import java.util.Set;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;

/**
 * The jobs that schedules may launch, by name, with their parameters as text. The application
 * implements it over its launchers, which resume unfinished runs and refuse a concurrent one.
 *
 * <p>Implementations must be thread-safe: Quartz worker threads call {@link #launch} at once.
 */
public interface ScheduledJobs {

    /** The job names that can be launched. */
    Set<String> names();

    /**
     * Checks a launch request without running anything.
     *
     * @throws IllegalArgumentException naming the parameter when the job or a parameter is unknown or bad
     */
    void validate(String job, Map<String, String> parameters);

    /**
     * Runs the job on the calling thread until it ends.
     *
     * @return the job's (last) execution
     * @throws JobExecutionAlreadyRunningException when the same job runs elsewhere: nothing was started
     */
    JobExecution launch(String job, Map<String, String> parameters) throws Exception;
}
