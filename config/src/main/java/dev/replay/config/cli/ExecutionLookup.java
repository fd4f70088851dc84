package dev.replay.config.cli;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.dao.EmptyResultDataAccessException;

/** Finds the job execution a command names by id, or fails as bad usage naming the id. */
final class ExecutionLookup {

    private ExecutionLookup() {
    }

    static JobExecution find(ApplicationRuntime runtime, long executionId) {
        try {
            JobExecution execution = runtime.bean(JobRepository.class).getJobExecution(executionId);
            if (execution != null) {
                return execution;
            }
        } catch (EmptyResultDataAccessException e) {
            // Batch 6's JDBC repository throws for an unknown id where earlier versions returned null
        }
        throw new UsageException("No job execution with id " + executionId + "; 'jobs' lists them");
    }
}
