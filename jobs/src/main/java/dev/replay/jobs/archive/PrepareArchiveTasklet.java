package dev.replay.jobs.archive;

import dev.replay.jobs.support.Failpoint;
import dev.replay.readers.HighWaterMark;
import dev.replay.readers.JdbcHighWaterMarks;
import java.time.Instant;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * First step of an archive run: captures the high-water mark on the primary (whose rows the run
 * deletes) and records the {@link ArchiveRun}. A restarted instance finds its run and changes
 * nothing, so it moves the same events it set out to move.
 *
 * <p>Events whose {@code occurred_at} is {@code -infinity} (before every cutoff), or before
 * {@link ArchiveRun#FINITE_FROM}, are not archived: a segment has no day and no timestamp for them. They stay in the hot store, each named in a
 * WARN, while the rest is archived ({@link ArchiveRun#FINITE_FROM} bounds the run's reader).
 */
class PrepareArchiveTasklet implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(PrepareArchiveTasklet.class);

    private final JdbcArchiveRuns runs;
    private final JdbcHighWaterMarks highWaterMarks;
    private final JdbcTemplate jdbc;

    PrepareArchiveTasklet(JdbcArchiveRuns runs, DataSource primary) {
        this.runs = runs;
        this.highWaterMarks = new JdbcHighWaterMarks(primary);
        this.jdbc = new JdbcTemplate(primary);
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        JobExecution job = chunkContext.getStepContext().getStepExecution().getJobExecution();
        long instance = job.getJobInstanceId();
        if (runs.find(instance).isPresent()) {
            return RepeatStatus.FINISHED;
        }
        JobParameters parameters = job.getJobParameters();
        Instant before = Instant.parse(parameters.getString(ArchiveJobConfiguration.BEFORE));
        String runId = Long.toString(parameters.getLong(ArchiveJobConfiguration.RUN));
        HighWaterMark mark = highWaterMarks.fullReplay();
        ArchiveRun run = new ArchiveRun(instance, runId, before, mark, count(before, mark));
        runs.insert(run);
        warnOfNonFinite(runId, before, mark);
        log.info("Archive [{}]. Events before {} up to high-water mark {}: {}", runId, before, mark, run.eventsTotal());
        return RepeatStatus.FINISHED;
    }

    private long count(Instant before, HighWaterMark mark) {
        Long count = jdbc.queryForObject("select count(*) from events where occurred_at < ? and occurred_at >= ?"
                        + " and tx_id < ?::text::xid8",
                Long.class, before.atOffset(ZoneOffset.UTC), ArchiveRun.FINITE_FROM.atOffset(ZoneOffset.UTC),
                Long.toString(mark.upperXmin()));
        Failpoint.reach("archive.prepare.counted");
        return count == null ? 0 : count;
    }

    private void warnOfNonFinite(String runId, Instant before, HighWaterMark mark) {
        jdbc.query("""
                select event_id, aggregate_type, aggregate_id, version, occurred_at::text from events
                 where occurred_at < ? and occurred_at < ? and tx_id < ?::text::xid8
                 order by aggregate_type, aggregate_id, version limit 100
                """, row -> {
            log.warn("Archive [{}]. Event {} ({} {} version {}) has occurred_at {}: not archived, it stays in the hot "
                    + "store; correct its occurred_at", runId, row.getString(1), row.getString(2), row.getString(3),
                    row.getLong(4), row.getString(5));
        }, before.atOffset(ZoneOffset.UTC), ArchiveRun.FINITE_FROM.atOffset(ZoneOffset.UTC),
                Long.toString(mark.upperXmin()));
    }
}
