package dev.replay.archive.sink;

import dev.replay.archive.storage.StorageConnection;
import dev.replay.readers.Event;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.util.List;
import java.util.function.Function;

/** Text parts, one per chunk: the header (if any), then one line per event, UTF-8. */
final class LinesPartEncoder implements PartEncoder {

    private final String extension;
    private final Function<Event, String> lines;
    private final String header;
    private final String separator;

    LinesPartEncoder(String extension, Function<Event, String> lines, String header, String separator) {
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
    public long write(StorageConnection storage, URI path, List<Event> events) throws IOException {
        try (Writer out = new BufferedWriter(new OutputStreamWriter(storage.create(path, false),
                StandardCharsets.UTF_8), 1 << 16)) {
            if (header != null) {
                out.write(header);
                out.write(separator);
            }
            for (Event event : events) {
                out.write(lines.apply(event));
                out.write(separator);
            }
        }
        return storage.status(path).orElseThrow(() -> new IOException(path + " is gone after it was written")).length();
    }
}
