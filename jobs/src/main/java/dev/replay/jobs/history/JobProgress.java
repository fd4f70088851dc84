package dev.replay.jobs.history;

/**
 * How far a job execution's run has come: events done of the run's bounded total, counted over
 * its job instance (a restarted execution continues its predecessor's count), and the step it is in.
 *
 * @param step  the execution's latest step, null before its first
 * @param done  events read by the job's main step ({@code replay}, {@code archive}, {@code export};
 *              a partitioned rebuild's partitions {@code replay-partition:*} summed),
 *              in committed chunks of this execution and the earlier executions of its instance
 * @param total events the run has to do, fixed when it started; 0 when unknown (before {@code prepare} committed)
 */
public record JobProgress(long executionId, String step, long done, long total) {

    /** Done as a fraction in [0, 1]; 0 when the total is not known yet. */
    public double fraction() {
        return total <= 0 ? 0 : Math.min(1.0, (double) done / total);
    }
}
