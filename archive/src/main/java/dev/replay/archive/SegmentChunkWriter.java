package dev.replay.archive;

import dev.replay.readers.BucketRange;
import dev.replay.readers.Event;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes one chunk of an archive run, the events of one key range of one UTC day, as one segment
 * per bucket group: the events arrive in replay order and each goes to the segment of its
 * aggregate's group ({@link BucketRange#groupOf}), so every segment is in replay order and holds
 * only its group's aggregates, and the chunk's segments together hold exactly its events. A
 * partition of a rebuild then opens only the segments of its buckets; a whole replay merges them.
 *
 * <p>A group's segment is created at its first event, so a group with none has no file. Each is
 * written with {@code 1/groups} of the row group size, so that the chunk buffers about what one
 * segment would. With one group this is a plain segment of every bucket.
 *
 * <p>Durability: the segments are not forced to disk here; the archiver forces the chunk's together
 * ({@link SegmentDurability#makeDurable(List)}) on its commit thread before they commit, so that
 * the writing thread does not wait for a disk flush per file.
 *
 * <p>Failure: {@link #close} without {@link #finish} abandons every segment of the chunk, as
 * {@link ParquetSegmentWriter#close} does one. Not thread-safe.
 */
final class SegmentChunkWriter implements AutoCloseable {

    private final FileSystem fileSystem;
    private final LocalDate day;
    private final SegmentWriteOptions options;
    private final ArchiveStoreId store;
    private final Supplier<Path> paths;
    private final ParquetSegmentWriter[] writers;

    /**
     * @param groups a power of two, 1 to {@link dev.replay.readers.PartitionBuckets#COUNT}
     * @param paths the path of each next segment created, in the order they are created
     */
    SegmentChunkWriter(FileSystem fileSystem, LocalDate day, SegmentWriteOptions options, ArchiveStoreId store,
                       int groups, Supplier<Path> paths) {
        BucketRange.checkGroups(groups);
        this.fileSystem = fileSystem;
        this.day = day;
        this.options = groups == 1 ? options : new SegmentWriteOptions(
                Math.max(options.pageBytes(), options.rowGroupBytes() / groups), options.rowGroupRows(), options.pageBytes());
        this.store = store;
        this.paths = paths;
        this.writers = new ParquetSegmentWriter[groups];
    }

    /** Appends the next event of the chunk to its group's segment. */
    void write(Event event) {
        int group = writers.length == 1 ? 0 : BucketRange.groupOf(event.aggregateType(), event.aggregateId(), writers.length);
        ParquetSegmentWriter writer = writers[group];
        if (writer == null) {
            writer = ParquetSegmentWriter.create(fileSystem, paths.get(), day, options, store,
                    BucketRange.group(group, writers.length), SegmentDurability.DEFERRED);
            writers[group] = writer;
        }
        writer.write(event);
    }

    /** Closes every segment of the chunk and describes them, in bucket order. */
    List<SegmentInfo> finish() {
        List<SegmentInfo> segments = new ArrayList<>();
        for (ParquetSegmentWriter writer : writers) {
            if (writer != null) {
                segments.add(writer.finish());
            }
        }
        if (segments.isEmpty()) {
            throw new IllegalStateException("A chunk of " + day + " has no events; nothing was kept");
        }
        return segments;
    }

    /** The path of the chunk's first segment, to name it in a failure; null before any. */
    String firstPath() {
        for (ParquetSegmentWriter writer : writers) {
            if (writer != null) {
                return writer.path().toString();
            }
        }
        return null;
    }

    /** Abandons the segments not finished: closes and deletes them, best effort. */
    @Override
    public void close() {
        for (ParquetSegmentWriter writer : writers) {
            if (writer != null) {
                writer.close();
            }
        }
    }
}
