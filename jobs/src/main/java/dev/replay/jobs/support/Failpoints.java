package dev.replay.jobs.support;

/**
 * What happens when a job reaches a named failpoint ({@link Failpoint#reach(String)}). The
 * production binding does nothing. Crash and outage tests bind one that freezes or pauses the job
 * there, by putting an implementation with a {@code META-INF/services/dev.replay.jobs.support.Failpoints}
 * entry on the class path of the process they start; the runnable jar holds none.
 *
 * <p>Implementations are called from job threads concurrently and must be thread-safe.
 */
public interface Failpoints {

    /** The production binding: reaching a failpoint does nothing. */
    Failpoints NONE = name -> { };

    /** Called each time a job reaches the failpoint {@code name}. */
    void reach(String name);
}
