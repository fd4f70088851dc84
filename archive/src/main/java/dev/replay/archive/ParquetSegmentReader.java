package dev.replay.archive;

import dev.replay.readers.AggregatePartition;
import dev.replay.readers.Event;
import dev.replay.readers.EventFilter;
import dev.replay.readers.EventKey;
import dev.replay.readers.ReadCounters;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.ParquetRuntimeException;
import org.apache.parquet.conf.HadoopParquetConfiguration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.filter2.predicate.FilterApi;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.filter2.predicate.Operators;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.io.InputFile;

/**
 * Reads one segment back as {@link Event}s in file order, which is replay order.
 *
 * <p>Lower bound: given {@code startAfter}, it returns only events whose key follows it. Row
 * groups (and pages) whose {@code occurred_at} statistics lie wholly before the bound's instant
 * are not read at all; within the rest, rows up to and including the bound are skipped. This is
 * how a restarted or merging reader resumes inside a segment.
 *
 * <p>Filter: given an {@link EventFilter}, its time range and its aggregate-type, event-type and
 * aggregate-id sets are pushed down as a Parquet predicate, so row groups and pages whose
 * statistics or dictionaries exclude them are skipped, and only matching events are returned.
 *
 * <p>Formats: segments of every format {@link SegmentSchema} lists read alike; a format-1 event
 * (written before the {@code metadata} column) has null metadata. {@link #format} names a
 * segment's format, on which its checksum's encoding depends.
 *
 * <p>Integrity: every event must strictly follow the previous one; a segment that breaks the
 * order, or cannot be decoded, throws {@link SegmentVerificationException} naming its path. I/O
 * failures throw {@link SegmentStorageException}. {@link #verify} re-reads a whole segment and
 * compares it with what the writer reported.
 *
 * <p>Not thread-safe; one reader per file. It holds no restart state of its own: the caller
 * saves the last key it consumed and reopens with it.
 */
public final class ParquetSegmentReader implements AutoCloseable {

    private final String path;
    private final EventKey startAfter;
    private final EventFilter filter;
    private final EventReadSupport readSupport = new EventReadSupport();
    private final ParquetReader<Event> reader;
    /** Rows decoded, before the filters applied here, when {@link ReadCounters} counts; else null. */
    private LongAdder decodedCounter;
    private long decoded;
    private EventKey previous;
    private long count;
    private Event peeked;
    private boolean hasPeeked;

    private ParquetSegmentReader(FileSystem fileSystem, Path path, EventKey startAfter, EventFilter filter) {
        Path qualified = fileSystem.makeQualified(path);
        this.path = qualified.toString();
        this.startAfter = startAfter;
        this.filter = filter;
        this.reader = openParquet(fileSystem, qualified);
        this.decodedCounter = ReadCounters.counter(ReadCounters.Tier.ARCHIVE, filter.partition());
    }

    /** Opens a segment to read all of it. */
    public static ParquetSegmentReader open(FileSystem fileSystem, Path path) {
        return open(fileSystem, path, null);
    }

    /** Opens a segment to read the events after {@code startAfter}, or all of them when it is null. */
    public static ParquetSegmentReader open(FileSystem fileSystem, Path path, EventKey startAfter) {
        return open(fileSystem, path, startAfter, EventFilter.ALL);
    }

    /**
     * Opens a segment to read the events after {@code startAfter} (all when null) that pass
     * {@code filter}.
     */
    public static ParquetSegmentReader open(FileSystem fileSystem, Path path, EventKey startAfter, EventFilter filter) {
        Objects.requireNonNull(fileSystem, "fileSystem");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(filter, "filter");
        return new ParquetSegmentReader(fileSystem, path, startAfter, filter);
    }

    /**
     * Re-reads a segment and checks it against what its writer reported: row count, first and last
     * key, checksum and byte size.
     *
     * @throws SegmentVerificationException naming the path and each difference, expected and found,
     *         or why the file could not be read back
     */
    public static void verify(FileSystem fileSystem, SegmentInfo expected) {
        SegmentVerification.verify(fileSystem, expected);
    }

    /**
     * The segment's format version, from its footer ({@link SegmentSchema}): the checksum's
     * encoding depends on it. Opens the file if no {@link #read} has yet.
     */
    String format() {
        if (readSupport.format() == null && !hasPeeked) {
            peeked = read(); // Parquet opens the file at the first read
            hasPeeked = true;
        }
        return readSupport.format();
    }

    /** The next event, or null at the end of the segment. */
    public Event read() {
        if (hasPeeked) {
            hasPeeked = false;
            Event event = peeked;
            peeked = null;
            return event;
        }
        try {
            Event event;
            do {
                event = reader.read();
                decoded += event == null ? 0 : 1;
            } while (event != null && (startAfter != null && startAfter.compareTo(event) >= 0
                    || !filter.isAll() && !filter.matches(event)));
            if (event != null) {
                checkOrder(event.key());
                count++;
            } else {
                flushDecodedCount(); // before the caller sees the end: a prefetching cursor hands it on at once
            }
            return event;
        } catch (IOException e) {
            throw new SegmentStorageException("read segment", path, e);
        } catch (ParquetRuntimeException | IllegalArgumentException | IllegalStateException e) {
            throw new SegmentVerificationException(path, "it could not be decoded after " + count + " events: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Counts this reader's decoded rows as read by {@code partition}: a reader opened without the
     * partition's filter, to decode every row for the checksum, still reads for that partition.
     */
    ParquetSegmentReader countedAs(AggregatePartition partition) {
        decodedCounter = ReadCounters.counter(ReadCounters.Tier.ARCHIVE, partition);
        return this;
    }

    /** The qualified path of this segment. */
    public String path() {
        return path;
    }

    private void flushDecodedCount() {
        if (decodedCounter != null) {
            decodedCounter.add(decoded);
            decoded = 0;
        }
    }

    @Override
    public void close() {
        flushDecodedCount();
        try {
            reader.close();
        } catch (IOException e) {
            throw new SegmentStorageException("close segment", path, e);
        }
    }

    private void checkOrder(EventKey key) {
        if (previous != null && previous.compareTo(key) >= 0) {
            throw new SegmentVerificationException(path, "events are not in strictly ascending replay order: key "
                    + key + " came after " + previous);
        }
        previous = key;
    }

    private ParquetReader<Event> openParquet(FileSystem fileSystem, Path qualified) {
        // the file system's loaded configuration: Builder(InputFile) alone builds a fresh Hadoop
        // Configuration and parses its XML resources, about 10 ms per segment opened
        Builder builder = new Builder(new FileSystemInputFile(fileSystem, qualified),
                new HadoopParquetConfiguration(fileSystem.getConf()));
        builder.usePageChecksumVerification(true);
        FilterPredicate predicate = predicate();
        if (predicate != null) {
            // row groups and pages whose statistics exclude the predicate are never read
            builder.withFilter(FilterCompat.get(predicate));
        }
        try {
            return builder.build();
        } catch (IOException e) {
            throw new SegmentStorageException("open segment", path, e);
        } catch (RuntimeException e) {
            throw new SegmentVerificationException(path, "it could not be opened as a segment: " + e.getMessage(), e);
        }
    }

    private FilterPredicate predicate() {
        List<FilterPredicate> parts = new ArrayList<>();
        Operators.LongColumn occurredAt = FilterApi.longColumn(SegmentSchema.OCCURRED_AT);
        if (startAfter != null) {
            parts.add(FilterApi.gtEq(occurredAt, EventCodec.toMicros(startAfter.occurredAt())));
        }
        if (filter.from() != null) {
            parts.add(FilterApi.gtEq(occurredAt, EventCodec.toMicros(filter.from())));
        }
        if (filter.to() != null) {
            parts.add(FilterApi.lt(occurredAt, EventCodec.toMicros(filter.to())));
        }
        in(parts, SegmentSchema.AGGREGATE_TYPE, filter.aggregateTypes());
        in(parts, SegmentSchema.EVENT_TYPE, filter.eventTypes());
        in(parts, SegmentSchema.AGGREGATE_ID, filter.aggregateIds());
        return parts.stream().reduce(FilterApi::and).orElse(null);
    }

    private static void in(List<FilterPredicate> parts, String column, Set<String> values) {
        if (!values.isEmpty()) {
            parts.add(FilterApi.in(FilterApi.binaryColumn(column),
                    values.stream().map(Binary::fromString).collect(Collectors.toSet())));
        }
    }

    private final class Builder extends ParquetReader.Builder<Event> {

        Builder(InputFile file, ParquetConfiguration configuration) {
            super(file, configuration);
        }

        @Override
        protected ReadSupport<Event> getReadSupport() {
            return readSupport;
        }
    }
}
