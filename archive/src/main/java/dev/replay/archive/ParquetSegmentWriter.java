package dev.replay.archive;

import dev.replay.readers.BucketRange;
import dev.replay.readers.Event;
import dev.replay.readers.EventKey;
import java.io.IOException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one segment: events of one UTC day, in strictly ascending replay order, to one Parquet
 * file ({@link SegmentSchema}, ZSTD) on any Hadoop file system ({@code file:}, {@code s3a:}).
 *
 * <p>Contract: the caller passes the events sorted by {@link EventKey}; {@link #write} checks it
 * and throws {@link IllegalArgumentException} naming both keys when an event does not strictly
 * follow the previous one, or naming the event when it falls on another day than the segment's
 * partition. {@link #finish} closes the file and returns its {@link SegmentInfo}: rows, first and
 * last key, time span, byte length as stored and the {@link SegmentChecksum}; the same values are
 * in the file's footer metadata, with the writing store's id when it is given. An existing file
 * is never overwritten. On a local file system the finished file and its directories are forced
 * to disk before {@link #finish} returns ({@link SegmentDurability}).
 *
 * <p>Failure and restart: a segment counts only once the catalog holds it. {@link #close} without
 * {@link #finish} abandons the segment and deletes what was written, best effort; on an object
 * store nothing is visible before a successful close anyway. Whatever survives a crash is an
 * orphan for {@link ArchiveFileSystems#orphans}. A rerun writes the segment again from the start.
 * I/O failures throw {@link SegmentStorageException} naming the path.
 *
 * <p>Not thread-safe; one writer per file.
 */
public final class ParquetSegmentWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ParquetSegmentWriter.class);

    private final FileSystem fileSystem;
    private final Path path;
    private final LocalDate partitionDate;
    private final SegmentDigest digest;
    private final EventWriteSupport writeSupport;
    private final ParquetWriter<Event> writer;
    private final SegmentDurability durability;
    private final BucketRange buckets;
    private boolean closed;

    private ParquetSegmentWriter(FileSystem fileSystem, Path path, LocalDate partitionDate,
                                 SegmentWriteOptions options, ArchiveStoreId store, BucketRange buckets,
                                 SegmentDurability durability) {
        this.fileSystem = fileSystem;
        this.path = fileSystem.makeQualified(path);
        this.partitionDate = partitionDate;
        this.buckets = buckets;
        this.digest = new SegmentDigest(this.path.toString());
        this.writeSupport = new EventWriteSupport(digest);
        this.durability = durability;
        this.writer = open(options, store, buckets);
    }

    /**
     * Creates the segment file and returns its writer.
     *
     * @throws SegmentStorageException naming the path when the file exists or cannot be created
     */
    public static ParquetSegmentWriter create(FileSystem fileSystem, Path path, LocalDate partitionDate,
                                              SegmentWriteOptions options) {
        return create(fileSystem, path, partitionDate, options, null);
    }

    /**
     * Creates the segment file of a store and returns its writer; the store's id goes into the
     * footer ({@code replay.segment.store}).
     *
     * @param store the writing store, or null for a file of no store (an export)
     * @throws SegmentStorageException naming the path when the file exists or cannot be created
     */
    public static ParquetSegmentWriter create(FileSystem fileSystem, Path path, LocalDate partitionDate,
                                              SegmentWriteOptions options, ArchiveStoreId store) {
        return create(fileSystem, path, partitionDate, options, store, BucketRange.ALL);
    }

    /**
     * Creates the segment file of a store that holds only the aggregates of {@code buckets} (the
     * caller routes them; the verification after writing checks it); the range goes into the
     * footer ({@code replay.segment.buckets}) and the segment's {@link SegmentInfo}.
     */
    public static ParquetSegmentWriter create(FileSystem fileSystem, Path path, LocalDate partitionDate,
                                              SegmentWriteOptions options, ArchiveStoreId store, BucketRange buckets) {
        return create(fileSystem, path, partitionDate, options, store, buckets,
                new SegmentDurability(SegmentDurability.CHANNEL));
    }

    static ParquetSegmentWriter create(FileSystem fileSystem, Path path, LocalDate partitionDate,
                                       SegmentWriteOptions options, ArchiveStoreId store,
                                       SegmentDurability durability) {
        return create(fileSystem, path, partitionDate, options, store, BucketRange.ALL, durability);
    }

    static ParquetSegmentWriter create(FileSystem fileSystem, Path path, LocalDate partitionDate,
                                       SegmentWriteOptions options, ArchiveStoreId store, BucketRange buckets,
                                       SegmentDurability durability) {
        Objects.requireNonNull(fileSystem, "fileSystem");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(partitionDate, "partitionDate");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(buckets, "buckets");
        return new ParquetSegmentWriter(fileSystem, path, partitionDate, options, store, buckets, durability);
    }

    /** Writes all events to a new segment and finishes it; deletes the file if anything fails. */
    public static SegmentInfo write(FileSystem fileSystem, Path path, LocalDate partitionDate,
                                    SegmentWriteOptions options, Iterable<Event> events) {
        try (ParquetSegmentWriter writer = create(fileSystem, path, partitionDate, options)) {
            events.forEach(writer::write);
            return writer.finish();
        }
    }

    /**
     * Appends the next event.
     *
     * @throws IllegalArgumentException when it does not strictly follow the previous event or is
     *         not of this segment's day; the segment is then unusable and must be closed
     */
    public void write(Event event) {
        if (closed) {
            throw new IllegalStateException("Segment " + path + " is already closed");
        }
        if (!EventCodec.utcDate(event.occurredAt()).equals(partitionDate)) {
            throw new IllegalArgumentException("Event " + event.key() + " does not belong to segment " + path
                    + " of partition date=" + partitionDate + " (UTC day of occurred_at)");
        }
        digest.accept(event);
        try {
            writer.write(event);
        } catch (IOException e) {
            throw new SegmentStorageException("write segment", path.toString(), e);
        }
    }

    /**
     * Closes the file and describes it.
     *
     * @throws IllegalStateException when no event was written (the empty file is deleted)
     * @throws SegmentStorageException naming the path when closing fails (the upload, on S3)
     */
    public SegmentInfo finish() {
        if (closed) {
            throw new IllegalStateException("Segment " + path + " is already closed");
        }
        if (digest.rows() == 0) {
            close();
            throw new IllegalStateException("Segment " + path + " has no events; nothing was kept");
        }
        closed = true;
        try {
            writer.close();
            // on disk before anything trusts it: the catalog commit deletes the events from the hot store
            durability.makeDurable(path);
            long bytes = fileSystem.getFileStatus(path).getLen();
            SegmentInfo info = new SegmentInfo(path.toString(), partitionDate, digest.rows(), digest.first(),
                    digest.last(), digest.first().occurredAt(), digest.last().occurredAt(), bytes,
                    writeSupport.checksum(), buckets);
            log.debug("Segment [{}]. Wrote {} events, {} bytes", path, info.rows(), bytes);
            return info;
        } catch (IOException e) {
            deleteQuietly();
            throw new SegmentStorageException("close segment", path.toString(), e);
        } catch (RuntimeException e) {
            deleteQuietly();
            throw e;
        }
    }

    /** Abandons the segment unless {@link #finish} succeeded: closes and deletes the file, best effort. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            writer.close();
        } catch (IOException | RuntimeException e) {
            log.debug("Segment [{}]. Closing the abandoned file failed: {}", path, e.toString());
        }
        deleteQuietly();
    }

    /** The qualified path of this segment. */
    public Path path() {
        return path;
    }

    private ParquetWriter<Event> open(SegmentWriteOptions options, ArchiveStoreId store, BucketRange buckets) {
        OutputFile file;
        try {
            file = FileSystemOutputFile.of(fileSystem, path);
        } catch (IOException e) {
            throw new SegmentStorageException("create the directory of segment", path.toString(), e);
        }
        Builder builder = new Builder(file, writeSupport)
                .withConf(fileSystem.getConf())
                .withWriteMode(ParquetFileWriter.Mode.CREATE)
                .withCompressionCodec(CompressionCodecName.ZSTD)
                .withRowGroupSize(options.rowGroupBytes())
                .withPageSize(options.pageBytes())
                .withDictionaryEncoding(true)
                // unique per row: a dictionary would only be built to be thrown away
                .withDictionaryEncoding(SegmentSchema.EVENT_ID, false)
                .withDictionaryEncoding(SegmentSchema.EVENT_DATA, false)
                .withDictionaryEncoding(SegmentSchema.METADATA, false)
                .withPageWriteChecksumEnabled(true)
                .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_1_0);
        if (options.rowGroupRows() > 0) {
            builder = builder.withRowGroupRowCountLimit(options.rowGroupRows());
        }
        Map<String, String> footer = new HashMap<>();
        footer.put(SegmentSchema.META_BUCKETS, buckets.toString());
        if (store != null) {
            footer.put(SegmentSchema.META_STORE, store.toString());
        }
        builder = builder.withExtraMetaData(footer);
        try {
            return builder.build();
        } catch (IOException e) {
            throw new SegmentStorageException("create segment", path.toString(), e);
        }
    }

    private void deleteQuietly() {
        try {
            fileSystem.delete(path, false);
        } catch (IOException | RuntimeException e) {
            // an orphan then, cleaned by the next run
            log.warn("Segment [{}]. Could not delete the abandoned file: {}", path, e.toString());
        }
    }

    private static final class Builder extends ParquetWriter.Builder<Event, Builder> {

        private final EventWriteSupport writeSupport;

        Builder(OutputFile file, EventWriteSupport writeSupport) {
            super(file);
            this.writeSupport = writeSupport;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Event> getWriteSupport(Configuration conf) {
            return writeSupport;
        }
    }
}
