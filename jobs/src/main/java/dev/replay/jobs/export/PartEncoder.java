package dev.replay.jobs.export;

import dev.replay.readers.Event;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** How one format writes part files for {@link PartFileItemWriter}. Implementations are stateless. */
interface PartEncoder {

    /** The part files' extension, without the dot. */
    String extension();

    /** A chunk's events, in order, cut into the groups that each make one part. */
    List<List<Event>> split(List<? extends Event> chunk);

    /**
     * Writes one new part file (refusing an existing one) and closes it; returns its bytes as stored.
     * A failure may leave a partial file, which the caller deletes.
     */
    long write(FileSystem fileSystem, Path path, List<Event> events) throws IOException;

    /** The encoder of a format. */
    static PartEncoder of(ExportFormat format) {
        return switch (format) {
            case PARQUET -> new ParquetPartEncoder();
            case JSONL -> new LinesPartEncoder(format.parameter(), new EventJsonLineAggregator(), null, "\n");
            case CSV -> new LinesPartEncoder(format.parameter(), new EventCsvLineAggregator(),
                    EventCsvLineAggregator.HEADER, EventCsvLineAggregator.LINE_SEPARATOR);
        };
    }
}
