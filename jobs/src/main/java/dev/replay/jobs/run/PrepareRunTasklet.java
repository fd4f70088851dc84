package dev.replay.jobs.run;

import java.util.Objects;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The first step of every job family: fixes what the job instance works on and records it in the
 * family's run ledger. The guard is the ledger itself: an instance that has a run already (a
 * restart after the step committed) finds it and changes nothing, so it resumes the same bound;
 * one that has none asks its {@link RunFamily} for the bound and the count and inserts the row, in
 * the step's transaction. Thread-safe as far as its family is.
 *
 * @param <B> the family's bound
 * @param <R> the family's run type
 */
public final class PrepareRunTasklet<B, R extends Run> implements Tasklet {

    private final JdbcRunLedger<R> ledger;
    private final RunFamily<B, R> family;

    public PrepareRunTasklet(JdbcRunLedger<R> ledger, RunFamily<B, R> family) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.family = Objects.requireNonNull(family, "family");
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        prepare(chunkContext.getStepContext().getStepExecution().getJobExecution());
        return RepeatStatus.FINISHED;
    }

    /** The instance's run: the recorded one, or a fresh one recorded now. */
    public R prepare(JobExecution job) {
        long instance = job.getJobInstanceId();
        return ledger.find(instance).orElseGet(() -> {
            B bound = family.bound(job);
            R run = family.run(instance, bound, family.count(bound));
            ledger.insert(run);
            family.recorded(run, bound, job);
            return run;
        });
    }
}
