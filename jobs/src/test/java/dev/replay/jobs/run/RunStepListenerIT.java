package dev.replay.jobs.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replay.jobs.export.ExportRun;
import dev.replay.jobs.launch.JobLock;
import dev.replay.jobs.support.LostLockException;
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
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.jdbc.core.JdbcTemplate;

/** The lifecycle's step listener: the lock check after each chunk's write, and progress. */
class RunStepListenerIT {

    private static final String KEY = "replay:test:listener";

    private final TestDatabase database = TestDatabase.create();
    private final List<String> reports = new ArrayList<>();
    private final RunProgress progress = new RunProgress((step, done, total) -> reports.add(step + " " + done + "/" + total));
    private final List<String> hooks = new ArrayList<>();

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    @DisplayName("Issue 13: a step counts its chunks against what it has left, and says so when it ends")
    void countsChunksAgainstWhatTheStepHasLeft() {
        // given
        RunStepListener listener = RunStepListener.step(progress, step -> 5, () -> hooks.add("written"), KEY);
        StepExecution step = step(1, "export");

        // when
        listener.beforeStep(step);
        listener.afterWrite(Chunk.of("a", "b"));
        listener.afterWrite(Chunk.of("c", "d", "e", "f"));
        listener.afterStep(step);

        // then
        assertThat(reports).containsExactly("export 0/5", "export 2/5", "export 6/6", "export 6/6");
        assertThat(hooks).containsExactly("written", "written");
    }

    @Test
    @DisplayName("Issue 13: partitions on several threads count into their manager's one tally")
    void partitionsCountIntoTheirManagersTally() {
        // given
        ExportRun run = new ExportRun(1, HighWaterMark.fullReplay(10), 100);
        RunStepListener manager = RunStepListener.step(progress, step -> 40, () -> { });
        RunStepListener first = RunStepListener.partition(progress, "replay-partitioned", run, () -> { });
        RunStepListener second = RunStepListener.partition(progress, "replay-partitioned", run, () -> { });
        StepExecution managerStep = step(3, "replay-partitioned");

        // when
        manager.beforeStep(managerStep);
        first.beforeStep(step(3, "replay-partition:partition0"));
        second.beforeStep(step(3, "replay-partition:partition1"));
        first.afterWrite(Chunk.of(1, 2, 3));
        second.afterWrite(Chunk.of(4));
        manager.afterStep(managerStep);

        // then
        assertThat(reports).containsExactly("replay-partitioned 0/40", "replay-partitioned 3/40",
                "replay-partitioned 4/40", "replay-partitioned 4/40");
    }

    @Test
    @DisplayName("Issue 13: a chunk written after the run's lock was lost fails before its commit, uncounted")
    void aLostLockFailsTheChunkBeforeItsCommit() {
        // given a step launched under a lock whose session then ended
        RunStepListener listener = RunStepListener.step(progress, step -> 5, () -> hooks.add("written"), KEY);
        listener.beforeStep(step(1, "replay"));
        try (JobLock lock = JobLock.tryAcquire(database.dataSource(), KEY).orElseThrow()) {
            listener.afterWrite(Chunk.of("a"));
            new JdbcTemplate(database.dataSource()).queryForList("""
                    select pg_terminate_backend(pid) from pg_locks
                     where locktype = 'advisory' and pid <> pg_backend_pid()
                       and ((classid::bigint << 32) | objid::bigint) = hashtext(?)::bigint
                    """, KEY);

            // when / then
            assertThatThrownBy(() -> listener.afterWrite(Chunk.of("b"))).isInstanceOf(LostLockException.class)
                    .hasMessageContaining(KEY);
        }
        assertThat(hooks).containsExactly("written", "written"); // the hook ran, at the same point as before
        assertThat(reports).containsExactly("replay 0/5", "replay 1/5");
    }

    private static StepExecution step(long jobExecutionId, String name) {
        JobExecution job = new JobExecution(jobExecutionId, new JobInstance(1L, "test"), new JobParameters());
        return new StepExecution(jobExecutionId * 100 + name.length(), name, job);
    }
}
