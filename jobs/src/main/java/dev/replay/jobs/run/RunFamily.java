package dev.replay.jobs.run;

import org.springframework.batch.core.job.JobExecution;

/**
 * What a job family supplies to the shared prepare step ({@link PrepareRunTasklet}): the bound of a
 * fresh run, the count of events within it, and the run row made of both. Called only for a job
 * instance that has no run yet, within the prepare step's transaction, so whatever
 * {@link #bound} creates (a build's tables, a cleared output's marker) commits with the row or not
 * at all.
 *
 * @param <B> what the family fixes at the start: a high-water mark with its projection, cutoff or request
 * @param <R> the family's run type
 */
public interface RunFamily<B, R extends Run> {

    /** Fixes what the job instance works on, from its job parameters. */
    B bound(JobExecution job);

    /** The events within the bound, the total of the run's progress. */
    long count(B bound);

    /** The run row of the job instance. */
    R run(long jobInstanceId, B bound, long eventsTotal);

    /** After the row is inserted, before the step commits: what to log and report. */
    default void recorded(R run, B bound, JobExecution job) {
    }
}
