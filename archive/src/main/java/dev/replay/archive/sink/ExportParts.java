package dev.replay.archive.sink;

import dev.replay.archive.storage.StorageConnection;
import dev.replay.archive.storage.StorageEntry;
import dev.replay.archive.storage.StorageException;
import dev.replay.readers.Event;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage side of an export written as a directory of numbered part files,
 * {@code <out>/part-00000.<ext>}, {@code part-00001.<ext>}, ..., on any storage {@link ExportStorage}
 * reaches (local, S3A). Used wherever a single file cannot be made exactly-once: Parquet (no
 * appending to a closed file) and S3A (no append, no truncate). Part numbers follow the replay
 * order: reading the parts by name in order gives the events in replay order.
 *
 * <p>{@link #write} writes a chunk into new parts and closes them before it returns (one part per
 * chunk for text; for Parquet one per UTC day within the chunk, see {@link ParquetPartEncoder}),
 * deleting them again when it fails. Restart: the caller keeps the count of committed parts;
 * {@link #open} deletes every part numbered at or beyond it, those of a chunk that did not commit,
 * complete or partial (a local file cut short by a kill).
 *
 * <p>Not thread-safe: one instance per step execution.
 */
public final class ExportParts implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ExportParts.class);

    private final ExportStorage storage;
    private final ExportOutput output;
    private final PartEncoder encoder;
    private final Pattern partName;
    private StorageConnection connection;

    private ExportParts(ExportStorage storage, ExportOutput output, PartEncoder encoder) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.output = Objects.requireNonNull(output, "output");
        this.encoder = encoder;
        this.partName = Pattern.compile("part-(\\d+)\\." + Pattern.quote(encoder.extension()));
    }

    /** Parquet parts, written exactly as archive segments. */
    public static ExportParts parquet(ExportStorage storage, ExportOutput output) {
        return new ExportParts(storage, output, new ParquetPartEncoder());
    }

    /**
     * Text parts, one per chunk: {@code header} and {@code separator} (if a header is given), then
     * each event's {@code line} and {@code separator}, UTF-8.
     */
    public static ExportParts lines(ExportStorage storage, ExportOutput output, String extension,
                                    Function<Event, String> line, String header, String separator) {
        return new ExportParts(storage, output, new LinesPartEncoder(extension, line, header, separator));
    }

    /** The name of part {@code n}: {@code part-00000.<ext>}. */
    public static String partName(int n, String extension) {
        return String.format("part-%05d.%s", n, extension);
    }

    /** What one {@link #write} added. */
    public record Written(int parts, long bytes) {
    }

    /**
     * Connects, deletes the parts numbered {@code committed} and beyond, and creates the directory.
     *
     * @throws IOException when the output cannot be listed or created
     * @throws StorageException naming an uncommitted part that could not be deleted
     */
    public void open(int committed) throws IOException {
        connection = storage.open(output);
        URI stuck;
        try {
            stuck = deleteUncommittedParts(committed);
            if (stuck == null) {
                connection.mkdirs(output.uri());
            }
        } catch (StorageException e) {
            throw e.getCause();
        }
        if (stuck != null) {
            throw new StorageException("delete uncommitted export part", stuck.toString(),
                    new IOException("delete returned false"));
        }
    }

    /**
     * Writes {@code chunk} into new parts numbered from {@code first}.
     *
     * @throws ExportPartException naming the part that failed; the parts it wrote are deleted again
     */
    public Written write(int first, List<? extends Event> chunk) {
        int next = first;
        long added = 0;
        URI path = null;
        try {
            for (List<Event> group : encoder.split(chunk)) {
                path = part(next);
                added += encoder.write(connection, path, group);
                next++;
            }
        } catch (IOException | RuntimeException e) {
            deleteQuietly(first, next);
            throw new ExportPartException("Failed to write export part " + path + ": "
                    + e.getMessage(), e);
        }
        return new Written(next - first, added);
    }

    @Override
    public void close() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    /** Deletes the uncommitted parts; returns the first one whose delete returned false, or null. */
    private URI deleteUncommittedParts(int committed) {
        if (!connection.exists(output.uri())) {
            return null;
        }
        List<StorageEntry> uncommitted = new ArrayList<>();
        for (StorageEntry entry : connection.list(output.uri())) {
            Matcher matcher = partName.matcher(entry.name());
            if (matcher.matches() && Integer.parseInt(matcher.group(1)) >= committed) {
                uncommitted.add(entry);
            }
        }
        for (StorageEntry entry : uncommitted) {
            log.info("Export [{}]. Deleting part {} of a chunk that did not commit", output, entry.name());
            if (!connection.delete(entry.uri())) {
                return entry.uri();
            }
        }
        return null;
    }

    private void deleteQuietly(int from, int to) {
        for (int n = from; n <= to; n++) {
            try {
                connection.delete(part(n));
            } catch (RuntimeException e) {
                // deleted on restart: open() removes parts beyond the committed count
                log.warn("Export [{}]. Could not delete part {}: {}", output, partName(n, encoder.extension()),
                        e.toString());
            }
        }
    }

    private URI part(int n) {
        return output.resolve(partName(n, encoder.extension()));
    }
}
