package dev.replay.jobs.rebuild;

/**
 * Receives the progress of a replay step: events done in this execution and the bounded total
 * this execution has to do. Called on the step's thread after every chunk; keep it cheap.
 */
@FunctionalInterface
public interface ReplayProgress {

    ReplayProgress NONE = (step, done, total) -> { };

    void update(String step, long done, long total);
}
