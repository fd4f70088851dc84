package dev.replay.jobs.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.jobs.export.ExportRun;
import dev.replay.readers.HighWaterMark;
import dev.replay.readers.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;

/** The shared prepare step: the guard, the count supplied by the family and the row, on a real PostgreSQL. */
class PrepareRunTaskletIT {

    private final TestDatabase database = TestDatabase.create();
    private final JdbcRunLedger<ExportRun> ledger = new JdbcRunLedger<>(database.dataSource(), ExportRun.TABLE);
    private final RecordingFamily family = new RecordingFamily();
    private final PrepareRunTasklet<HighWaterMark, ExportRun> prepare = new PrepareRunTasklet<>(ledger, family);

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    @DisplayName("Issue 13: prepare records a fresh instance's run with the bound and the count its family supplies")
    void recordsAFreshRunWithTheFamilysBoundAndCount() {
        // when
        ExportRun run = prepare.prepare(execution(11, 100));

        // then
        assertThat(run).isEqualTo(new ExportRun(11, HighWaterMark.fullReplay(100), 100 * 2));
        assertThat(ledger.get(11)).isEqualTo(run);
        assertThat(family.calls).containsExactly("bound 11", "count 0..100", "recorded 11");
    }

    @Test
    @DisplayName("Issue 13: a restarted instance finds its recorded run and changes nothing: same bound, no new count")
    void aRestartedInstanceKeepsItsRun() {
        // given
        ExportRun first = prepare.prepare(execution(11, 100));
        family.calls.clear();

        // when the same instance runs its prepare step again, with the store moved on
        ExportRun again = prepare.prepare(execution(11, 500));

        // then
        assertThat(again).isEqualTo(first);
        assertThat(family.calls).isEmpty();
    }

    @Test
    @DisplayName("Issue 13: another instance gets a run of its own")
    void anotherInstanceGetsItsOwnRun() {
        // given
        prepare.prepare(execution(11, 100));

        // when
        ExportRun other = prepare.prepare(execution(12, 300));

        // then
        assertThat(other.highWaterMark()).isEqualTo(HighWaterMark.fullReplay(300));
        assertThat(ledger.get(11).highWaterMark()).isEqualTo(HighWaterMark.fullReplay(100));
    }

    /** A job execution of instance {@code instance} whose store's current xmin is {@code xmin}. */
    private static JobExecution execution(long instance, long xmin) {
        JobParameters parameters = new JobParameters();
        JobExecution execution = new JobExecution(instance * 10, new JobInstance(instance, "test"), parameters);
        execution.getExecutionContext().putLong("xmin", xmin);
        return execution;
    }

    /** A family bounded by the execution's "xmin", counting twice the mark's upper bound, recording its calls. */
    private static final class RecordingFamily implements RunFamily<HighWaterMark, ExportRun> {

        final List<String> calls = new ArrayList<>();

        @Override
        public HighWaterMark bound(JobExecution job) {
            calls.add("bound " + job.getJobInstanceId());
            return HighWaterMark.fullReplay(job.getExecutionContext().getLong("xmin"));
        }

        @Override
        public long count(HighWaterMark bound) {
            calls.add("count " + bound);
            return bound.upperXmin() * 2;
        }

        @Override
        public ExportRun run(long jobInstanceId, HighWaterMark bound, long eventsTotal) {
            return new ExportRun(jobInstanceId, bound, eventsTotal);
        }

        @Override
        public void recorded(ExportRun run, HighWaterMark bound, JobExecution job) {
            calls.add("recorded " + run.jobInstanceId());
        }
    }
}
