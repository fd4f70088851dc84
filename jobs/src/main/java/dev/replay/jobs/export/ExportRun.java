package dev.replay.jobs.export;

import dev.replay.jobs.run.Run;
import dev.replay.jobs.run.RunTable;
import dev.replay.readers.HighWaterMark;
import java.util.List;

/**
 * What one export job instance reads beyond its request: the events committed below
 * {@code highWaterMark}; fixed by its prepare step and kept across restarts.
 *
 * @param eventsTotal the events in the hot store that pass the filter, when the export started
 */
public record ExportRun(long jobInstanceId, HighWaterMark highWaterMark, long eventsTotal) implements Run {

    /** The {@code export_run} table (migration V8). */
    public static final RunTable<ExportRun> TABLE = new RunTable<>("Export", "export_run",
            List.of("job_instance_id", "high_water_mark", "events_total"),
            (rs, n) -> new ExportRun(rs.getLong(1), HighWaterMark.parse(rs.getString(2)), rs.getLong(3)),
            run -> new Object[] {run.jobInstanceId(), run.highWaterMark().toString(), run.eventsTotal()});
}
