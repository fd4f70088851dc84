package dev.replay.config.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.stream.Collectors;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;

/**
 * Measures {@code bench}'s contenders one at a time: events, seconds, the heap each used
 * ({@link HeapPeaks}) and, for a job, its steps' durations; prints them as table rows. Not
 * thread-safe: one contender at a time.
 */
final class BenchMeter {

    /** The steps' durations of the job measured last, e.g. {@code prepare 0.1 s, replay 17.0 s, finish 1.9 s}. */
    private String lastSteps = "";

    /** The events of a completed job: its steps' read counts. */
    long readCount(JobExecution execution) {
        lastSteps = execution.getStepExecutions().stream()
                .filter(s -> !s.getStepName().contains(":") && s.getStartTime() != null && s.getEndTime() != null)
                .map(s -> String.format("%s %.1f s", s.getStepName(),
                        Duration.between(s.getStartTime(), s.getEndTime()).toMillis() / 1000.0))
                .collect(Collectors.joining(", "));
        if (execution.getStatus() != BatchStatus.COMPLETED) {
            throw new CommandFailedException("Benchmark job " + execution.getJobInstance().getJobName() + " ended "
                    + execution.getStatus() + ": " + execution.getExitStatus().getExitDescription());
        }
        // a completed partitioned step holds its partitions' counts; this process may hold stale copies of remote ones
        return execution.getStepExecutions().stream().filter(s -> !s.getStepName().contains(":"))
                .mapToLong(s -> s.getReadCount()).sum();
    }

    Phase measure(Work work) throws Exception {
        System.gc();
        lastSteps = "";
        try (HeapPeaks heap = new HeapPeaks()) {
            long start = System.nanoTime();
            long events = work.run();
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Phase(events, seconds, heap.usedBytes(), heap.liveBytes(), lastSteps);
        }
    }

    static void header(PrintStream out) {
        out.printf("%n%-28s %12s %9s %14s %14s%n", "", "events", "seconds", "events/s", "heap MB used/live");
    }

    static void print(PrintStream out, String name, Phase phase) {
        out.printf("%-28s %,12d %9.1f %,14.0f %18s%s%n", name, phase.events(), phase.seconds(), phase.rate(),
                (phase.usedHeapBytes() >> 20) + " / " + (phase.liveHeapBytes() >> 20),
                phase.steps().isEmpty() ? "" : "   (" + phase.steps() + ")");
    }

    @FunctionalInterface
    interface Work {
        long run() throws Exception;
    }

    /**
     * One measured contender: its events and time, the peaks of the heap it used and kept live
     * ({@link HeapPeaks}), and {@code steps} the durations of its job's steps (empty for other work).
     */
    record Phase(long events, double seconds, long usedHeapBytes, long liveHeapBytes, String steps) {

        double rate() {
            return events / seconds;
        }
    }
}
