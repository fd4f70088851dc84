package dev.replay.archive;

import dev.replay.archive.IntegrityProblem.Kind;
import dev.replay.readers.Event;
import java.io.FileNotFoundException;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;

/**
 * Reads every catalogued segment once, in catalog order: verifies it against the catalog
 * (rows, keys, bytes, checksum) while its events go into the {@link ArchivedEventTable}, and
 * counts events per UTC day. A missing or unreadable segment is a problem, its rows are taken
 * out of the table again, and the scan goes on. A failing database ends the scan.
 *
 * <p>Not thread-safe; one scan per check.
 */
final class ArchiveScan {

    private final FileSystem fileSystem;
    private final ArchivedEventTable table;
    private final IntegrityProblems problems;
    private final Map<LocalDate, Long> days = new TreeMap<>();
    private long catalogRows;
    private long read;
    private long events;

    ArchiveScan(FileSystem fileSystem, ArchivedEventTable table, IntegrityProblems problems) {
        this.fileSystem = fileSystem;
        this.table = table;
        this.problems = problems;
    }

    void run(List<ArchivedSegment> segments, ArchiveIntegrityCheck.Listener listener) throws SQLException {
        segments.forEach(s -> catalogRows += s.info().rows());
        for (int i = 0; i < segments.size(); i++) {
            read(i, segments.get(i).info());
            listener.archiveRead(read, catalogRows);
        }
        table.finish();
    }

    /** Events the catalog says the archive holds. */
    long catalogRows() {
        return catalogRows;
    }

    /** Events of the segments read to their end. */
    long events() {
        return events;
    }

    /** Events of the segments read to their end, per UTC day. */
    Map<LocalDate, Long> days() {
        return days;
    }

    private void read(int index, SegmentInfo segment) throws SQLException {
        SegmentDays segmentDays = new SegmentDays(segment.partitionDate());
        String subject = "Segment " + segment.path();
        try {
            List<String> differences = SegmentVerification.differences(fileSystem, segment, event -> {
                copy(event, index);
                segmentDays.add(event);
                read++;
            });
            if (!differences.isEmpty()) {
                problems.add(Kind.SEGMENT_MISMATCH, subject, String.join("; ", differences));
            }
        } catch (SegmentVerificationException e) {
            rethrowDatabaseFailure(e);
            table.discard(index);
            reportUnreadable(segment, e);
            return;
        }
        if (segmentDays.outside > 0) {
            problems.add(Kind.SEGMENT_PARTITION, subject, segmentDays.outside + " events outside its partition "
                    + segment.partitionDate() + ", the first " + segmentDays.firstOutside);
        }
        segmentDays.counts().forEach((day, n) -> days.merge(day, n, Long::sum));
        events += segmentDays.rows;
    }

    private void copy(Event event, int index) {
        try {
            table.add(event, index);
        } catch (SQLException e) {
            throw new TableFailure(e);
        }
    }

    /** The COPY into the table failed, not the segment: the check cannot go on. */
    private static void rethrowDatabaseFailure(SegmentVerificationException e) throws SQLException {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TableFailure failure) {
                throw failure.getCause();
            }
        }
    }

    private void reportUnreadable(SegmentInfo segment, SegmentVerificationException e) {
        String subject = "Segment " + segment.path();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof FileNotFoundException) {
                problems.add(Kind.SEGMENT_MISSING, subject, "file missing (catalogued with " + segment.rows()
                        + " events of " + segment.partitionDate() + ")");
                return;
            }
        }
        String prefix = subject + " failed verification: ";
        String message = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
        problems.add(Kind.SEGMENT_UNREADABLE, subject, "unreadable, " + message);
    }

    /** Carries a failed COPY out of the segment reader's callback. */
    private static final class TableFailure extends RuntimeException {

        TableFailure(SQLException cause) {
            super(cause);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }

    /** Events of one segment per UTC day, and those outside its partition. */
    private static final class SegmentDays {
        final LocalDate partition;
        final Instant from;
        final Instant to;
        final Map<LocalDate, Long> counts = new TreeMap<>();
        long rows;
        long inside;
        long outside;
        String firstOutside;

        SegmentDays(LocalDate partition) {
            this.partition = partition;
            this.from = partition.atStartOfDay(ZoneOffset.UTC).toInstant();
            this.to = partition.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        }

        void add(Event event) {
            rows++;
            Instant at = event.occurredAt();
            if (!at.isBefore(from) && at.isBefore(to)) {
                inside++; // the usual case, without a LocalDate per event
                return;
            }
            LocalDate day = ArchiveLayout.partitionDate(at);
            counts.merge(day, 1L, Long::sum);
            if (outside++ == 0) {
                firstOutside = event.eventId() + " of " + day;
            }
        }

        Map<LocalDate, Long> counts() {
            if (inside > 0) {
                counts.merge(partition, inside, Long::sum);
            }
            return counts;
        }
    }
}
