package dev.replay.jobs.rebuild;

import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Feeds one {@link ReplayProgress} from a partitioned replay, whose partitions write chunks on
 * several threads: the manager step ({@code replay-partitioned}) sets the total, what the job
 * instance has left (events within its high-water mark less what earlier executions' partitions
 * read), and each partition's {@link PartitionProgressListener} adds its written chunks.
 * A remote worker, which has no manager in its process, counts against the run's whole total.
 *
 * <p>Thread-safe: one instance per application, tallies kept per job execution.
 */
public class PartitionedReplayProgress implements StepExecutionListener {

    static final String STEP = RebuildJobConfiguration.PARTITIONED_STEP;

    private final ReplayProgress progress;
    private final JdbcRebuildRuns runs;
    private final JdbcTemplate jdbc;
    private final Map<Long, long[]> tallies = new HashMap<>(); // job execution -> {done, total}

    PartitionedReplayProgress(ReplayProgress progress, JdbcRebuildRuns runs, DataSource dataSource) {
        this.progress = progress;
        this.runs = runs;
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** Manager step: the total left to replay. */
    @Override
    public void beforeStep(StepExecution manager) {
        long instance = manager.getJobExecution().getJobInstanceId();
        Long done = jdbc.queryForObject("""
                select coalesce(sum(s.read_count), 0) from batch_step_execution s
                  join batch_job_execution e on e.job_execution_id = s.job_execution_id
                 where e.job_instance_id = ? and s.step_name like 'replay-partition:%'
                """, Long.class, instance);
        long total = runs.find(instance).map(RebuildRun::eventsTotal).orElse(0L) - (done == null ? 0 : done);
        synchronized (this) {
            tallies.put(manager.getJobExecutionId(), new long[] {0, Math.max(0, total)});
            progress.update(STEP, 0, Math.max(0, total));
        }
    }

    @Override
    public synchronized ExitStatus afterStep(StepExecution manager) {
        long[] tally = tallies.remove(manager.getJobExecutionId());
        if (tally != null) {
            progress.update(STEP, tally[0], Math.max(tally[0], tally[1]));
        }
        return manager.getExitStatus();
    }

    /** A partition wrote a chunk of a run with {@code runTotal} events. */
    synchronized void add(long jobExecution, long written, long runTotal) {
        long[] tally = tallies.computeIfAbsent(jobExecution, id -> {
            progress.update(STEP, 0, runTotal); // a remote worker: no manager here
            return new long[] {0, runTotal};
        });
        tally[0] += written;
        progress.update(STEP, tally[0], Math.max(tally[0], tally[1]));
    }
}
