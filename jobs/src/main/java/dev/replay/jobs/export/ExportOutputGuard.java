package dev.replay.jobs.export;

import dev.replay.archive.sink.ExportOutput;
import dev.replay.archive.sink.ExportOutputRefusedException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Keeps an export off places that are not its to write: its output may not be, contain or lie
 * inside a protected location (the archive, whose events are gone from the hot store; the data
 * directory of the embedded PostgreSQL), nor the output of another export that is running or
 * unfinished (a resume would write there again). The same output as an unfinished export is no
 * collision: the launcher resumes or replaces that export.
 *
 * <p>Places compare as {@link StorageLocation}s: normalized paths and URIs, {@code file:} URIs and
 * plain paths alike, symbolic links resolved where the path exists. Call {@link #check} before
 * anything is deleted or written. Thread-safe.
 */
public final class ExportOutputGuard {

    private final Map<String, StorageLocation> protectedLocations = new LinkedHashMap<>();
    private final JdbcExportRuns runs;

    /**
     * @param protectedLocations what each protected place is (e.g. "the archive (replay.archive.uri)")
     *                           to its path or URI
     * @throws IllegalArgumentException naming a location that is neither a path nor a URI
     */
    public ExportOutputGuard(Map<String, String> protectedLocations, JdbcExportRuns runs) {
        protectedLocations.forEach((name, location) -> this.protectedLocations.put(name, StorageLocation.of(location)));
        this.runs = Objects.requireNonNull(runs, "runs");
    }

    /**
     * Refuses an output that collides with a protected location or another export's unfinished output.
     *
     * @throws ExportOutputRefusedException naming the output, the collision and the other place
     */
    public void check(ExportOutput output) {
        StorageLocation out = StorageLocation.of(output.uri().toString());
        protectedLocations.forEach((name, location) -> out.collision(location).ifPresent(relation -> {
            throw new ExportOutputRefusedException(output, "out " + output + " " + relation + " " + name + " at "
                    + location + "; an export may not write there, choose another --out");
        }));
        for (JdbcExportRuns.UnfinishedOutput other : runs.unfinishedOutputs()) {
            if (!other.out().equals(output.uri().toString())) {
                out.collision(StorageLocation.of(other.out())).ifPresent(relation -> {
                    throw new ExportOutputRefusedException(output, "out " + output + " " + relation + " the output of "
                            + other.status().toLowerCase(Locale.ROOT) + " export execution " + other.executionId()
                            + " at " + new ExportOutput(URI.create(other.out()))
                            + "; choose another --out, or let that export finish first ('restart " + other.executionId()
                            + "' resumes it when it is not running)");
                });
            }
        }
    }
}
