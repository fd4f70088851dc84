package dev.replay.jobs.export;

import dev.replay.readers.Event;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.springframework.batch.infrastructure.item.file.transform.LineAggregator;

/** Text parts, one per chunk: the header (if any), then one line per event, UTF-8. */
final class LinesPartEncoder implements PartEncoder {

    private final String extension;
    private final LineAggregator<Event> lines;
    private final String header;
    private final String separator;

    LinesPartEncoder(String extension, LineAggregator<Event> lines, String header, String separator) {
        this.extension = extension;
        this.lines = lines;
        this.header = header;
        this.separator = separator;
    }

    @Override
    public String extension() {
        return extension;
    }

    @Override
    public List<List<Event>> split(List<? extends Event> chunk) {
        return List.of(List.copyOf(chunk));
    }

    @Override
    public long write(FileSystem fileSystem, Path path, List<Event> events) throws IOException {
        try (Writer out = new BufferedWriter(new OutputStreamWriter(fileSystem.create(path, false),
                StandardCharsets.UTF_8), 1 << 16)) {
            if (header != null) {
                out.write(header);
                out.write(separator);
            }
            for (Event event : events) {
                out.write(lines.aggregate(event));
                out.write(separator);
            }
        }
        return fileSystem.getFileStatus(path).getLen();
    }
}
