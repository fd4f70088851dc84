package dev.replay.jobs.export;

import dev.replay.archive.sink.ExportFormat;
import dev.replay.archive.sink.ExportOutput;
import dev.replay.archive.sink.ExportPartException;
import dev.replay.archive.sink.ExportParts;
import dev.replay.archive.sink.ExportStorage;
import dev.replay.jobs.support.NamedFailure;
import dev.replay.readers.Event;
import java.io.IOException;
import java.util.Objects;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;

/**
 * Writes an export as a directory of numbered part files, {@code <out>/part-00000.<ext>},
 * {@code part-00001.<ext>}, ..., on any storage the archive reaches (local, S3A) through {@link ExportParts}. Used wherever a single
 * file cannot be made exactly-once: Parquet (no appending to a closed file) and S3A (no append,
 * no truncate). Part numbers follow the replay order: reading the parts by name in order gives
 * the events in replay order.
 *
 * <p>Each {@link #write} writes its chunk into new parts and closes them before it returns (one
 * part per chunk for text; for Parquet one per UTC day within the chunk, see
 * {@link ExportParts}), so a part is complete before the chunk's transaction commits.
 *
 * <p>Restart: a named {@code ItemStream}. {@link #update} saves {@code <name>.parts}, the number
 * of parts written so far, with {@code <name>.written} (events) and {@code <name>.bytes}; they
 * commit with the chunk. {@link #open} deletes every part numbered at or beyond the saved count:
 * those of a chunk that did not commit, complete or partial (a local file cut short by a kill).
 * Numbering then continues from the saved count, so a restarted export ends with exactly the
 * parts of an uninterrupted one. The directory is complete once the export job has completed
 * (its finish step writes {@code _SUCCESS}); until then readers may see parts of an unfinished run.
 *
 * <p>Not thread-safe: one writer per step execution.
 */
public class PartFileItemWriter implements ItemStreamWriter<Event> {

    static final String PARTS = "parts";
    static final String WRITTEN = "written";
    static final String BYTES = "bytes";

    private final String name;
    private final ExportOutput output;
    private final ExportParts sink;

    private int parts;
    private long written;
    private long bytes;

    public PartFileItemWriter(String name, ExportStorage storage, ExportOutput output, ExportFormat format) {
        this.name = Objects.requireNonNull(name, "name");
        this.output = Objects.requireNonNull(output, "output");
        this.sink = parts(Objects.requireNonNull(storage, "storage"), output, Objects.requireNonNull(format, "format"));
    }

    /** The name of part {@code n}: {@code part-00000.<ext>}. */
    static String partName(int n, String extension) {
        return ExportParts.partName(n, extension);
    }

    private static ExportParts parts(ExportStorage storage, ExportOutput output, ExportFormat format) {
        return switch (format) {
            case PARQUET -> ExportParts.parquet(storage, output);
            case JSONL -> ExportParts.lines(storage, output, format.parameter(), new EventJsonLineAggregator()::aggregate,
                    null, "\n");
            case CSV -> ExportParts.lines(storage, output, format.parameter(), new EventCsvLineAggregator()::aggregate,
                    EventCsvLineAggregator.HEADER, EventCsvLineAggregator.LINE_SEPARATOR);
        };
    }

    @Override
    public void open(ExecutionContext context) {
        parts = context.getInt(key(PARTS), 0);
        written = context.getLong(key(WRITTEN), 0);
        bytes = context.getLong(key(BYTES), 0);
        try {
            sink.open(parts);
        } catch (IOException e) {
            throw new ItemStreamException("Failed to open export output " + output + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void write(Chunk<? extends Event> chunk) {
        ExportParts.Written added;
        try {
            added = sink.write(parts, chunk.getItems());
        } catch (ExportPartException e) {
            throw new NamedFailure(e.getMessage(), e.getCause());
        }
        parts += added.parts();
        written += chunk.size();
        bytes += added.bytes();
    }

    @Override
    public void update(ExecutionContext context) {
        context.putInt(key(PARTS), parts);
        context.putLong(key(WRITTEN), written);
        context.putLong(key(BYTES), bytes);
    }

    @Override
    public void close() {
        sink.close();
    }

    private String key(String suffix) {
        return name + "." + suffix;
    }
}
