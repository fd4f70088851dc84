package dev.replay.jobs.export;

import dev.replay.archive.sink.ExportOutput;
import dev.replay.archive.sink.ExportStorage;
import dev.replay.readers.ArchivedEvents;
import dev.replay.readers.ArchivedSegmentRef;
import dev.replay.jobs.run.RunFamily;
import dev.replay.jobs.support.Failpoint;
import dev.replay.readers.EventFilter;
import dev.replay.readers.HighWaterMark;
import dev.replay.readers.HotStore;
import dev.replay.readers.JdbcHighWaterMarks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;

/**
 * The export family of the run lifecycle, behind its prepare step: checks the output with the
 * {@link ExportOutputGuard}, clears it when the launch allows overwriting (deleting only an earlier
 * export's files, see {@link ExportStorage#deleteOwn}; refusing an existing output otherwise), marks
 * a directory of parts as this export's ({@link ExportStorage#mark}), captures the high-water mark
 * on the DataSource the export reads, counts the events to export, and records the
 * {@link ExportRun}. A restarted instance finds its run and changes nothing, so it reads the same
 * events and keeps what it wrote. Thread-safe.
 */
class ExportPreparation implements RunFamily<ExportPreparation.Bound, ExportRun> {

    private static final Logger log = LoggerFactory.getLogger(ExportPreparation.class);

    private final JdbcExportRuns runs;
    private final ExportStorage storage;
    private final JdbcHighWaterMarks highWaterMarks;
    private final HotStore hotStore;
    private final ArchivedEvents archive;
    private final ExportOutputGuard guard;

    /** The request and the mark it reads up to. */
    record Bound(ExportRequest request, HighWaterMark mark) {
    }

    ExportPreparation(JdbcExportRuns runs, ExportStorage storage, HotStore hotStore, ArchivedEvents archive,
                      ExportOutputGuard guard) {
        this.archive = archive;
        this.guard = guard;
        this.runs = runs;
        this.storage = storage;
        this.highWaterMarks = new JdbcHighWaterMarks(hotStore.dataSource());
        this.hotStore = hotStore;
    }

    @Override
    public Bound bound(JobExecution job) {
        long instance = job.getJobInstanceId();
        JobParameters parameters = job.getJobParameters();
        ExportRequest request = ExportRequest.of(parameters);
        guard.check(request.output());
        boolean directory = !request.output().singleFile(request.format());
        if (!(directory && markedBy(request.output(), instance))) {
            clear(request.output(), ExportRequest.overwrite(parameters), instance);
        }
        if (directory) {
            storage.mark(request.output(), identity(instance, request));
        }
        return new Bound(request, highWaterMarks.fullReplay());
    }

    @Override
    public long count(Bound bound) {
        return archived(bound.request().filter()) + count(bound.request().filter(), bound.mark());
    }

    @Override
    public ExportRun run(long instance, Bound bound, long eventsTotal) {
        return new ExportRun(instance, bound.mark(), eventsTotal);
    }

    @Override
    public void recorded(ExportRun run, Bound bound, JobExecution job) {
        Failpoint.reach("export.prepare.before-commit");
        log.info("Export [{}]. {} events up to high-water mark {} as {}", bound.request().output(), run.eventsTotal(),
                run.highWaterMark(), bound.request().format().parameter());
    }

    /** Whether this instance's prepare step already marked the output, and failed before it committed. */
    private boolean markedBy(ExportOutput output, long instance) {
        return storage.marker(output).filter(marker -> marker.lines().anyMatch(instanceLine(instance)::equals)).isPresent();
    }

    private void clear(ExportOutput output, boolean overwrite, long instance) {
        if (overwrite) {
            if (storage.deleteOwn(output, runs.wroteTo(output, instance))) {
                log.info("Export [{}]. Deleted an earlier export's files (overwrite)", output);
            }
        } else if (storage.exists(output)) {
            throw new ExportOutputExistsException(output);
        }
    }

    /** The text of the marker that proves a directory of parts this export's. */
    private static String identity(long instance, ExportRequest request) {
        return "replay export\n" + instanceLine(instance) + "\nout=" + request.output().uri() + "\nformat="
                + request.format().parameter() + "\n";
    }

    private static String instanceLine(long instance) {
        return "job_instance_id=" + instance;
    }

    /** The archived events in the filter's time range; with type or id filters unknown until read, so 0. */
    private long archived(EventFilter filter) {
        if (!filter.aggregateTypes().isEmpty() || !filter.eventTypes().isEmpty() || !filter.aggregateIds().isEmpty()) {
            return 0;
        }
        return archive.segments(filter).stream().mapToLong(ArchivedSegmentRef::rows).sum();
    }

    private long count(EventFilter filter, HighWaterMark mark) {
        return hotStore.count(mark, filter);
    }
}
