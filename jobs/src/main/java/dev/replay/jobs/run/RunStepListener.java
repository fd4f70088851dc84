package dev.replay.jobs.run;

import dev.replay.jobs.support.HeldLocks;
import java.util.Objects;
import java.util.function.ToLongFunction;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.ItemWriteListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;

/**
 * The run lifecycle's listener on a family's work step: after each chunk's write, before its
 * commit, it runs the family's hook, checks that the locks the run was launched under are still
 * held ({@link HeldLocks#verify}: a lost lock fails the chunk, so it never commits beside a second
 * run) and counts the chunk into the {@link RunProgress}.
 *
 * <p>A {@linkplain #step step} starts its tally with what it has left when it starts (a function of
 * its run and its StepExecution: a restart has less) and finishes it when it ends; the manager of a
 * partitioned step is such a step without chunks. A {@linkplain #partition partition} counts into
 * its manager's tally. One instance per step execution (step scope, whose proxy subclasses it: not
 * final, its constructor package-private for that); not thread-safe.
 */
public class RunStepListener implements StepExecutionListener, ItemWriteListener<Object> {

    private final RunProgress progress;
    private final ToLongFunction<StepExecution> remaining;
    private final String tallyStep;
    private final long runTotal;
    private final Runnable chunkWritten;
    private final String[] locks;
    private long jobExecution;
    private String step;

    RunStepListener(RunProgress progress, ToLongFunction<StepExecution> remaining, String tallyStep,
                    long runTotal, Runnable chunkWritten, String... locks) {
        this.progress = Objects.requireNonNull(progress, "progress");
        this.remaining = remaining;
        this.tallyStep = tallyStep;
        this.runTotal = runTotal;
        this.chunkWritten = Objects.requireNonNull(chunkWritten, "chunkWritten");
        this.locks = locks.clone();
    }

    /**
     * The listener of a step that reports its own progress.
     *
     * @param remaining    what the step execution has left, when it starts
     * @param chunkWritten runs after each chunk's write, before the lock check (a test hook)
     * @param locks        the keys of the locks to verify before each commit
     */
    public static RunStepListener step(RunProgress progress, ToLongFunction<StepExecution> remaining,
                                       Runnable chunkWritten, String... locks) {
        return new RunStepListener(progress, Objects.requireNonNull(remaining, "remaining"), null, 0, chunkWritten,
                locks);
    }

    /** The listener of one partition, counting into the tally of its manager step {@code managerStep}. */
    public static RunStepListener partition(RunProgress progress, String managerStep, Run run, Runnable chunkWritten,
                                            String... locks) {
        return new RunStepListener(progress, null, Objects.requireNonNull(managerStep, "managerStep"),
                run.eventsTotal(), chunkWritten, locks);
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        jobExecution = stepExecution.getJobExecutionId();
        step = remaining == null ? tallyStep : stepExecution.getStepName();
        if (remaining != null) {
            progress.start(jobExecution, step, remaining.applyAsLong(stepExecution));
        }
    }

    @Override
    public void afterWrite(Chunk<?> chunk) {
        chunkWritten.run(); // written, not yet committed with its checkpoint
        HeldLocks.verify(locks); // still ours to commit
        progress.add(jobExecution, step, chunk.size(), runTotal);
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        if (remaining != null) {
            progress.finish(jobExecution, step);
        }
        return stepExecution.getExitStatus();
    }
}
