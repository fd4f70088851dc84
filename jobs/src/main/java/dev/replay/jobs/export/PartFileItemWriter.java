package dev.replay.jobs.export;

import dev.replay.archive.ArchiveFileSystems;
import dev.replay.archive.SegmentStorageException;
import dev.replay.jobs.support.NamedFailure;
import dev.replay.readers.Event;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;

/**
 * Writes an export as a directory of numbered part files, {@code <out>/part-00000.<ext>},
 * {@code part-00001.<ext>}, ..., on any Hadoop file system (local, S3A). Used wherever a single
 * file cannot be made exactly-once: Parquet (no appending to a closed file) and S3A (no append,
 * no truncate). Part numbers follow the replay order: reading the parts by name in order gives
 * the events in replay order.
 *
 * <p>Each {@link #write} writes its chunk into new parts and closes them before it returns (one
 * part per chunk for text; for Parquet one per UTC day within the chunk, see
 * {@link ParquetPartEncoder}), so a part is complete before the chunk's transaction commits.
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

    private static final Logger log = LoggerFactory.getLogger(PartFileItemWriter.class);
    static final String PARTS = "parts";
    static final String WRITTEN = "written";
    static final String BYTES = "bytes";

    private final String name;
    private final ExportStorage storage;
    private final ExportOutput output;
    private final PartEncoder encoder;
    private final Pattern partName;

    private ArchiveFileSystems fileSystems;
    private int parts;
    private long written;
    private long bytes;

    public PartFileItemWriter(String name, ExportStorage storage, ExportOutput output, ExportFormat format) {
        this.name = Objects.requireNonNull(name, "name");
        this.storage = Objects.requireNonNull(storage, "storage");
        this.output = Objects.requireNonNull(output, "output");
        this.encoder = PartEncoder.of(Objects.requireNonNull(format, "format"));
        this.partName = Pattern.compile("part-(\\d+)\\." + Pattern.quote(encoder.extension()));
    }

    /** The name of part {@code n}: {@code part-00000.<ext>}. */
    static String partName(int n, String extension) {
        return String.format("part-%05d.%s", n, extension);
    }

    @Override
    public void open(ExecutionContext context) {
        parts = context.getInt(key(PARTS), 0);
        written = context.getLong(key(WRITTEN), 0);
        bytes = context.getLong(key(BYTES), 0);
        fileSystems = storage.open(output);
        try {
            FileSystem fs = fileSystems.fileSystem();
            deleteUncommittedParts(fs);
            fs.mkdirs(output.hadoopPath());
        } catch (IOException e) {
            throw new ItemStreamException("Failed to open export output " + output + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void write(Chunk<? extends Event> chunk) {
        FileSystem fs = fileSystems.fileSystem();
        int next = parts;
        long added = 0;
        Path path = null;
        try {
            for (List<Event> group : encoder.split(chunk.getItems())) {
                path = part(next);
                added += encoder.write(fs, path, group);
                next++;
            }
        } catch (IOException | RuntimeException e) {
            deleteQuietly(fs, parts, next);
            throw new NamedFailure("Failed to write export part " + path + ": " + e.getMessage(), e);
        }
        parts = next;
        written += chunk.size();
        bytes += added;
    }

    @Override
    public void update(ExecutionContext context) {
        context.putInt(key(PARTS), parts);
        context.putLong(key(WRITTEN), written);
        context.putLong(key(BYTES), bytes);
    }

    @Override
    public void close() {
        if (fileSystems != null) {
            fileSystems.close();
            fileSystems = null;
        }
    }

    private void deleteUncommittedParts(FileSystem fs) throws IOException {
        Path dir = output.hadoopPath();
        if (!fs.exists(dir)) {
            return;
        }
        List<Path> uncommitted = new ArrayList<>();
        for (FileStatus status : fs.listStatus(dir)) {
            Matcher matcher = partName.matcher(status.getPath().getName());
            if (matcher.matches() && Integer.parseInt(matcher.group(1)) >= parts) {
                uncommitted.add(status.getPath());
            }
        }
        for (Path path : uncommitted) {
            log.info("Export [{}]. Deleting part {} of a chunk that did not commit", output, path.getName());
            if (!fs.delete(path, false) && fs.exists(path)) {
                throw new SegmentStorageException("delete uncommitted export part", path.toString(),
                        new IOException("delete returned false"));
            }
        }
    }

    private void deleteQuietly(FileSystem fs, int from, int to) {
        for (int n = from; n <= to; n++) {
            try {
                fs.delete(part(n), false);
            } catch (IOException | RuntimeException e) {
                // deleted on restart: open() removes parts beyond the committed count
                log.warn("Export [{}]. Could not delete part {}: {}", output, part(n).getName(), e.toString());
            }
        }
    }

    private Path part(int n) {
        return new Path(output.hadoopPath(), partName(n, encoder.extension()));
    }

    private String key(String suffix) {
        return name + "." + suffix;
    }
}
