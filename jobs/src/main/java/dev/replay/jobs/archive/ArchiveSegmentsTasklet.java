package dev.replay.jobs.archive;

import dev.replay.archive.ArchiveFileSystems;
import dev.replay.archive.ArchiveLayout;
import dev.replay.archive.ArchiveStoreId;
import dev.replay.archive.ParquetSegmentReader;
import dev.replay.archive.ParquetSegmentWriter;
import dev.replay.archive.SegmentInfo;
import dev.replay.jobs.rebuild.ReplayProgress;
import dev.replay.jobs.support.Failpoint;
import dev.replay.readers.Event;
import dev.replay.readers.JdbcEventReader;
import dev.replay.readers.builder.JdbcEventReaderBuilder;
import java.time.LocalDate;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongFunction;
import dev.replay.readers.HotStore;
import javax.sql.DataSource;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The archive step: each call moves one segment. It reads the run's events (occurred_at before the
 * cutoff, committed below the high-water mark) from the hot store in replay order, streams them
 * into a Parquet file of one UTC day until the day ends or the segment reaches its row or byte
 * bound, closes it, reads it back to verify it, and only then commits it ({@link SegmentCommit}):
 * catalog row in, events out, in one transaction. Memory stays bounded by one reader page and
 * one Parquet row group.
 *
 * <p>Pipeline: a segment's verification and commit run on a thread of their own,
 * {@code archive-commit}, while the next segment is read and written; the step waits for that
 * commit before it hands the following one over, so at most one segment is in flight, and a
 * failed commit fails the step before anything else is committed. The two never touch the same
 * rows: the reader is already past the committing segment's last key.
 *
 * <p>Restart: no reader position is saved, none is needed. Committed events have left the hot
 * store, so a restarted execution reads from the start what is left below the cutoff. A segment
 * that did not commit left at most an orphan file, removed by the cleanup step before this one;
 * segment numbers continue after the run's catalogued segments, so paths never collide (other
 * runs have other run ids, other stores other store tokens in the name).
 *
 * <p>Failures (file system, verification, commit) fail the step with an
 * {@link ArchiveSegmentException} naming the segment. Not thread-safe: its state belongs to one
 * step execution at a time, which the archive job lock guarantees.
 */
class ArchiveSegmentsTasklet implements Tasklet, StepExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(ArchiveSegmentsTasklet.class);
    static final String READER = "events";

    private final LongFunction<ArchiveRun> runs;
    private final HotStore hotStore;
    private final DataSource primary;
    private final ArchiveFileSystems fileSystems;
    private final ArchiveSettings settings;
    private final SegmentCommit commit;
    private final JdbcTemplate jdbc;
    private final ReplayProgress progress;

    private ExecutorService committer;
    private Future<SegmentInfo> inFlight;
    private ArchiveRun run;
    private ArchiveStoreId store;
    private long remaining;
    private long done;
    private JdbcEventReader reader;
    private Event pending;
    private int sequence;

    ArchiveSegmentsTasklet(LongFunction<ArchiveRun> runs, HotStore hotStore, ArchiveFileSystems fileSystems,
                           ArchiveSettings settings, SegmentCommit commit, ReplayProgress progress) {
        this.progress = progress;
        this.runs = runs;
        this.hotStore = hotStore;
        this.primary = hotStore.dataSource();
        this.fileSystems = fileSystems;
        this.settings = settings;
        this.commit = commit;
        this.jdbc = new JdbcTemplate(this.primary);
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        run = runs.apply(stepExecution.getJobExecution().getJobInstanceId());
        store = ArchiveStoreId.of(primary);
        Integer committed = jdbc.queryForObject("select count(*) from archive_segment where run_id = ?",
                Integer.class, run.runId());
        sequence = committed == null ? 0 : committed;
        Long archived = jdbc.queryForObject("select coalesce(sum(rows), 0) from archive_segment where run_id = ?",
                Long.class, run.runId());
        remaining = Math.max(0, run.eventsTotal() - (archived == null ? 0 : archived));
        done = 0;
        progress.update(stepExecution.getStepName(), 0, remaining);
        pending = null;
        // reads from the start of what is left: committed segments' events are gone
        reader = new JdbcEventReaderBuilder()
                .name(READER)
                .hotStore(hotStore)
                .highWaterMark(run.highWaterMark())
                .from(ArchiveRun.FINITE_FROM) // -infinity stays in the hot store, named by the prepare step
                .to(run.before())
                .pageSize(settings.pageSize())
                // archival moves events as they are; continuity is for replays and 'verify' to judge
                .versionCheck(false)
                .historyComplete(false)
                .build();
        reader.open(new ExecutionContext());
        committer = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "archive-commit");
            thread.setDaemon(true);
            return thread;
        });
        inFlight = null;
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        if (committer != null) {
            awaitQuietly(); // a commit still running after a failure elsewhere ends as it would alone
            committer.shutdown();
            committer = null;
        }
        if (reader != null) {
            reader.close();
            reader = null;
        }
        return stepExecution.getExitStatus();
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        Event first = next();
        if (first == null) {
            finishInFlight(contribution);
            return RepeatStatus.FINISHED;
        }
        LocalDate day = ArchiveLayout.partitionDate(first.occurredAt());
        Path path = fileSystems.layout().segment(day, store, run.runId(), sequence);
        SegmentInfo segment = write(path, day, first, contribution);
        Failpoint.reach("archive.segment.written");
        finishInFlight(contribution); // the previous segment committed while this one was written
        inFlight = committer.submit(() -> {
            verifyAndCommit(segment);
            Failpoint.reach("archive.segment.committed");
            return segment;
        });
        sequence++;
        return RepeatStatus.CONTINUABLE;
    }

    private void finishInFlight(StepContribution contribution) {
        if (inFlight == null) {
            return;
        }
        SegmentInfo segment;
        try {
            segment = inFlight.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause
                    : new IllegalStateException("Archive [" + run.runId() + "]. Commit failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Archive [" + run.runId() + "]. Interrupted waiting for a segment's commit", e);
        } finally {
            inFlight = null;
        }
        contribution.incrementWriteCount(segment.rows());
        done += segment.rows();
        progress.update(contribution.getStepExecution().getStepName(), done, Math.max(remaining, done));
        log.info("Archive [{}]. Segment {}: {} events, {} bytes", run.runId(), segment.path(), segment.rows(),
                segment.bytes());
    }

    private void awaitQuietly() {
        if (inFlight != null) {
            try {
                inFlight.get();
            } catch (ExecutionException e) {
                // the step already failed or is failing; this commit rolled back on its own
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight = null;
        }
    }

    private SegmentInfo write(Path path, LocalDate day, Event first, StepContribution contribution) {
        try (ParquetSegmentWriter writer = ParquetSegmentWriter.create(fileSystems.fileSystem(), path, day,
                settings.writeOptions(), store)) {
            long rows = 0;
            long bytes = 0;
            Event event = first;
            do {
                writer.write(event);
                contribution.incrementReadCount();
                rows++;
                bytes += estimatedBytes(event);
                event = next();
            } while (event != null && rows < settings.segmentMaxRows() && bytes < settings.segmentMaxBytes()
                    && ArchiveLayout.partitionDate(event.occurredAt()).equals(day));
            pending = event;
            return writer.finish();
        } catch (RuntimeException e) {
            throw new ArchiveSegmentException(path.toString(), "writing it failed: " + e.getMessage(), e);
        }
    }

    private void verifyAndCommit(SegmentInfo segment) {
        try {
            ParquetSegmentReader.verify(fileSystems.fileSystem(), segment);
            commit.commit(segment, run);
        } catch (ArchiveSegmentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ArchiveSegmentException(segment.path(), e.getMessage(), e);
        }
    }

    private Event next() {
        if (pending != null) {
            Event event = pending;
            pending = null;
            return event;
        }
        return reader.read();
    }

    private static long estimatedBytes(Event event) {
        // fixed-width columns (uuid, version, timestamp, schema version) plus the texts
        return 36 + event.aggregateType().length() + event.aggregateId().length() + event.eventType().length()
                + event.payload().length();
    }
}
