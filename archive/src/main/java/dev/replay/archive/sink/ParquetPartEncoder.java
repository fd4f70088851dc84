package dev.replay.archive.sink;

import dev.replay.archive.ArchiveLayout;
import dev.replay.archive.ParquetSegmentWriter;
import dev.replay.archive.SegmentWriteOptions;
import dev.replay.archive.storage.StorageConnection;
import dev.replay.readers.Event;
import java.net.URI;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;

/**
 * Parquet parts written exactly as archive segments ({@link ParquetSegmentWriter}: the archive's
 * schema with {@code schema_version} and {@code metadata}, ZSTD, the footer's format and checksum),
 * so every engine that reads the archive reads an export.
 * A segment holds one UTC day, so a chunk is cut where the day changes.
 */
final class ParquetPartEncoder implements PartEncoder {

    @Override
    public String extension() {
        return ExportFormat.PARQUET.parameter();
    }

    @Override
    public List<List<Event>> split(List<? extends Event> chunk) {
        List<List<Event>> days = new ArrayList<>();
        LocalDate day = null;
        for (Event event : chunk) {
            LocalDate date = ArchiveLayout.partitionDate(event.occurredAt());
            if (!date.equals(day)) {
                days.add(new ArrayList<>());
                day = date;
            }
            days.get(days.size() - 1).add(event);
        }
        return days;
    }

    @Override
    public long write(StorageConnection storage, URI path, List<Event> events) {
        LocalDate day = ArchiveLayout.partitionDate(events.get(0).occurredAt());
        return ParquetSegmentWriter.write(storage.fileSystem(), new Path(path), day, SegmentWriteOptions.defaults(), events).bytes();
    }
}
