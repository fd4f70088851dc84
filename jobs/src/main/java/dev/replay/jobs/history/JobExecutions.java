package dev.replay.jobs.history;

import java.util.Optional;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.dao.EmptyResultDataAccessException;

/**
 * Looks up a job execution by id. Spring Batch 6's JDBC repository throws for an unknown id where
 * earlier versions returned null; every caller that takes an id from a user goes through here, so
 * they all answer "no such execution" the same way. Stateless.
 */
public final class JobExecutions {

    private JobExecutions() {
    }

    /** The execution with this id, or empty when the repository has none. */
    public static Optional<JobExecution> find(JobRepository repository, long executionId) {
        try {
            return Optional.ofNullable(repository.getJobExecution(executionId));
        } catch (EmptyResultDataAccessException e) {
            return Optional.empty();
        }
    }
}
