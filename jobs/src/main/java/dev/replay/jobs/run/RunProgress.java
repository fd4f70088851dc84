package dev.replay.jobs.run;

import dev.replay.jobs.rebuild.ReplayProgress;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The progress of the runs in this process, one tally per job execution, reported to a
 * {@link ReplayProgress} as events done of the total the execution has left. A step (or the
 * manager of a partitioned step) {@linkplain #start starts} its tally with that total, chunks
 * {@linkplain #add add} to it from any thread (partitions write on several), and the step
 * {@linkplain #finish finishes} it. A partition whose manager runs in another process (a remote
 * worker) adds to a tally started with the run's whole total.
 *
 * <p>Thread-safe.
 */
public final class RunProgress {

    private final ReplayProgress sink;
    private final Map<Long, long[]> tallies = new HashMap<>(); // job execution -> {done, total}

    public RunProgress(ReplayProgress sink) {
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /** A tally for the job execution, with what its {@code step} has left. */
    public synchronized void start(long jobExecution, String step, long total) {
        tallies.put(jobExecution, new long[] {0, Math.max(0, total)});
        sink.update(step, 0, Math.max(0, total));
    }

    /** A chunk of {@code written} events; {@code runTotal} starts the tally when nothing here did. */
    public synchronized void add(long jobExecution, String step, long written, long runTotal) {
        long[] tally = tallies.computeIfAbsent(jobExecution, id -> {
            sink.update(step, 0, runTotal); // a remote worker: no manager here
            return new long[] {0, runTotal};
        });
        tally[0] += written;
        sink.update(step, tally[0], Math.max(tally[0], tally[1]));
    }

    /** The step ended: a last report, and the tally goes. */
    public synchronized void finish(long jobExecution, String step) {
        long[] tally = tallies.remove(jobExecution);
        if (tally != null) {
            sink.update(step, tally[0], Math.max(tally[0], tally[1]));
        }
    }
}
