package dev.replay.config.cli;

import dev.replay.jobs.history.JobExecutions;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;

/** Finds the job execution a command names by id, or fails as bad usage naming the id. */
final class ExecutionLookup {

    private ExecutionLookup() {
    }

    static JobExecution find(ApplicationRuntime runtime, long executionId) {
        return JobExecutions.find(runtime.bean(JobRepository.class), executionId).orElseThrow(() ->
                new UsageException("No job execution with id " + executionId + "; 'jobs' lists them"));
    }
}
