package dev.replay.jobs.rebuild;

import dev.replay.readers.ArchivedEvents;
import dev.replay.readers.ArchivedSegmentRef;
import dev.replay.readers.EventFilter;
import dev.replay.readers.EventKey;
import dev.replay.readers.HighWaterMark;
import dev.replay.readers.HotStore;
import javax.sql.DataSource;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What a replay step execution has left, the total of its progress. One stream: archived segments
 * after the restart position, if any, and hot-store events within its high-water mark after it.
 * Partitioned: the run's events less what earlier executions' partitions read. Thread-safe.
 */
class ReplayRemaining {

    private final String readerName;
    private final HotStore readStore;
    private final JdbcTemplate jdbc;
    private final ArchivedEvents archive;

    /**
     * @param readStore the hot store on the DataSource replays read
     * @param dataSource the primary, which holds the job repository
     */
    ReplayRemaining(String readerName, HotStore readStore, DataSource dataSource, ArchivedEvents archive) {
        this.archive = archive;
        this.readerName = readerName;
        this.readStore = readStore;
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** What a one-stream replay step has left, after the position its reader saved. */
    long single(RebuildRun run, StepExecution stepExecution) {
        String after = stepExecution.getExecutionContext().getString(readerName + ".start.after", null);
        return after == null ? run.eventsTotal() : remainingAfter(EventKey.parse(after), run.highWaterMark(),
                run.mode() == RebuildMode.FULL ? archive : ArchivedEvents.NONE);
    }

    /** What a partitioned replay has left, when its manager step starts. */
    long partitioned(RebuildRun run, StepExecution manager) {
        Long done = jdbc.queryForObject("""
                select coalesce(sum(s.read_count), 0) from batch_step_execution s
                  join batch_job_execution e on e.job_execution_id = s.job_execution_id
                 where e.job_instance_id = ? and s.step_name like 'replay-partition:%'
                """, Long.class, manager.getJobExecution().getJobInstanceId());
        return run.eventsTotal() - (done == null ? 0 : done);
    }

    private long remainingAfter(EventKey key, HighWaterMark mark, ArchivedEvents archive) {
        long count = readStore.countAfter(key, mark);
        // segments wholly after the position; the one holding it is left out of an estimate anyway
        long archived = archive.segments(EventFilter.ALL).stream()
                .filter(segment -> segment.firstKey().compareTo(key) > 0).mapToLong(ArchivedSegmentRef::rows).sum();
        return archived + count;
    }
}
