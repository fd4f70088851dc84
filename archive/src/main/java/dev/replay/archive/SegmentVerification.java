package dev.replay.archive;

import dev.replay.readers.Event;
import dev.replay.readers.EventKey;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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
        Path path = new Path(expected.path());
        SegmentChecksum checksum = new SegmentChecksum();
        long rows = 0;
        EventKey first = null;
        EventKey last = null;
        long bytes;
        try (ParquetSegmentReader reader = ParquetSegmentReader.open(fileSystem, path)) {
            bytes = fileSystem.getFileStatus(path).getLen();
            for (Event event = reader.read(); event != null; event = reader.read()) {
                checksum.update(event);
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
        if (!differences.isEmpty()) {
            throw new SegmentVerificationException(expected.path(), String.join("; ", differences));
        }
    }

    private static void compare(List<String> differences, String what, Object expected, Object found) {
        if (!Objects.equals(expected, found)) {
            differences.add(what + " expected " + expected + ", found " + found);
        }
    }
}
