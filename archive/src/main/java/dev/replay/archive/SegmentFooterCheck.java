package dev.replay.archive;

import dev.replay.readers.ArchivedSegmentRef;
import dev.replay.readers.BucketRange;
import dev.replay.readers.EventKey;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.HadoopReadOptions;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;

/**
 * Checks a segment a replay opens against its catalog row, before any of its rows is used: the
 * row count (the footer's metadata and the sum of its row groups) and the first and last key in
 * the footer's metadata must equal the catalog's. It reads the footer only, so it costs the same
 * whether the replay then reads the segment whole, from a position inside it, or filtered; the
 * pages read afterwards are guarded by their CRCs, and a whole read also by the checksum.
 *
 * <p>Stateless and thread-safe.
 */
final class SegmentFooterCheck {

    private SegmentFooterCheck() {
    }

    /**
     * @throws SegmentVerificationException naming the segment and, for each field that differs,
     *         the catalog's value and the footer's
     * @throws SegmentStorageException naming the segment when its footer cannot be read
     */
    static void check(FileSystem fileSystem, ArchivedSegmentRef segment) {
        Path path = new Path(segment.path());
        ParquetMetadata footer;
        // the file system's loaded configuration: a default one would parse Hadoop's XML per segment
        try (ParquetFileReader reader = ParquetFileReader.open(new FileSystemInputFile(fileSystem, path),
                HadoopReadOptions.builder(fileSystem.getConf()).build())) {
            footer = reader.getFooter();
        } catch (IOException e) {
            throw new SegmentStorageException("read the footer of segment", segment.path(), e);
        } catch (RuntimeException e) {
            throw new SegmentVerificationException(segment.path(), "its footer could not be read: " + e.getMessage(), e);
        }
        List<String> differences = differences(segment, footer);
        if (!differences.isEmpty()) {
            throw new SegmentVerificationException(segment.path(), "the catalog and the file's footer differ: "
                    + String.join("; ", differences));
        }
    }

    private static List<String> differences(ArchivedSegmentRef segment, ParquetMetadata footer) {
        Map<String, String> meta = footer.getFileMetaData().getKeyValueMetaData();
        long rowGroupRows = footer.getBlocks().stream().mapToLong(BlockMetaData::getRowCount).sum();
        List<String> differences = new ArrayList<>();
        compare(differences, "rows", segment.rows(), meta.get(SegmentSchema.META_ROWS));
        compare(differences, "rows in row groups", segment.rows(), Long.toString(rowGroupRows));
        compare(differences, "first key", segment.firstKey(), meta.get(SegmentSchema.META_FIRST_KEY));
        compare(differences, "last key", segment.lastKey(), meta.get(SegmentSchema.META_LAST_KEY));
        String buckets = meta.get(SegmentSchema.META_BUCKETS); // absent before V23: every bucket
        compare(differences, "buckets", segment.buckets().toString(),
                buckets == null ? BucketRange.ALL.toString() : buckets);
        return differences;
    }

    private static void compare(List<String> differences, String field, Object catalog, String footer) {
        if (!Objects.equals(normalized(catalog), normalized(footer, catalog))) {
            differences.add(field + ": catalog " + catalog + ", footer " + (footer == null ? "(none)" : footer));
        }
    }

    private static Object normalized(Object catalog) {
        return catalog instanceof Long rows ? rows.toString() : catalog;
    }

    /** The footer's text as the catalog's type, so keys compare by value, not by their text form. */
    private static Object normalized(String footer, Object catalog) {
        if (footer == null || !(catalog instanceof EventKey)) {
            return footer;
        }
        try {
            return EventKey.parse(footer);
        } catch (RuntimeException e) {
            return footer;
        }
    }
}
