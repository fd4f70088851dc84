package dev.replay.archive;

import dev.replay.readers.Event;
import dev.replay.readers.EventKey;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reads a segment back in full and compares it with the writer's {@link SegmentInfo}. Every
 * difference is collected, so one message tells all that is wrong. Stateless.
 */
final class SegmentVerification {

    private SegmentVerification() {
    }

    static void verify(FileSystem fileSystem, SegmentInfo expected) {
        List<String> differences = differences(fileSystem, expected, event -> { });
        if (!differences.isEmpty()) {
            throw new SegmentVerificationException(expected.path(), String.join("; ", differences));
        }
    }

    /**
     * Reads the segment once, handing each event to {@code each} in file order, and returns what
     * differs from {@code expected} ({@code "rows expected 5, found 4"}), empty when nothing does.
     *
     * @throws SegmentVerificationException naming the path when the file cannot be read to its end
     *         (missing, undecodable, out of order); {@code each} may have seen some events by then
     */
    static List<String> differences(FileSystem fileSystem, SegmentInfo expected, Consumer<Event> each) {
        Path path = new Path(expected.path());
        SegmentChecksum checksum;
        long rows = 0;
        EventKey first = null;
        EventKey last = null;
        long bytes;
        long outside = 0;
        EventKey firstOutside = null;
        try (ParquetSegmentReader reader = ParquetSegmentReader.open(fileSystem, path)) {
            bytes = fileSystem.getFileStatus(path).getLen();
            checksum = SegmentChecksum.forFormat(reader.format()); // format 1 sums no metadata
            for (Event event = reader.read(); event != null; event = reader.read()) {
                checksum.update(event);
                each.accept(event);
                // a partition skips segments of other buckets: one routed wrongly would be lost to it
                if (!expected.buckets().contains(event.aggregateType(), event.aggregateId())) {
                    outside++;
                    firstOutside = firstOutside == null ? event.key() : firstOutside;
                }
                last = event.key();
                first = first == null ? last : first;
                rows++;
            }
        } catch (SegmentVerificationException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new SegmentVerificationException(expected.path(), "it could not be read back: " + e.getMessage(), e);
        }
        List<String> differences = new ArrayList<>();
        compare(differences, "rows", expected.rows(), rows);
        compare(differences, "first key", expected.firstKey(), first);
        compare(differences, "last key", expected.lastKey(), last);
        compare(differences, "bytes", expected.bytes(), bytes);
        compare(differences, "checksum", expected.checksum(), checksum.finish());
        if (outside > 0) {
            differences.add(outside + " events outside buckets " + expected.buckets() + ", the first " + firstOutside);
        }
        return differences;
    }

    private static void compare(List<String> differences, String what, Object expected, Object found) {
        if (!Objects.equals(expected, found)) {
            differences.add(what + " expected " + expected + ", found " + found);
        }
    }
}
