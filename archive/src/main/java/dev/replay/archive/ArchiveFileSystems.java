package dev.replay.archive;

import dev.replay.archive.storage.Storage;
import dev.replay.archive.storage.StorageConnection;
import dev.replay.archive.storage.StorageException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * The Hadoop side of an archive: a {@link StorageConnection} to its base URI ({@code file:} or
 * {@code s3a:}, see {@link ArchiveLayout}) whose one {@link FileSystem} instance the segment
 * writers and readers share, plus the only file listing the platform does: orphan cleanup.
 *
 * <p>Configuration (see {@link Storage}): {@code hadoop.tmp.dir} (and with it S3A's upload
 * buffers) goes to a private directory; {@code file:} writes no {@code .crc} side files (Parquet
 * page checksums and the segment checksum guard the data); S3A gets endpoint, region, path-style
 * access, TLS and credentials from {@link S3aSettings}. Secrets go into the Configuration only;
 * they are never logged or put into a message.
 *
 * <p>The file system is opened outside Hadoop's global cache and closed by {@link #close}.
 * Thread-safe: Hadoop file systems are.
 */
public final class ArchiveFileSystems implements AutoCloseable {

    private final ArchiveLayout layout;
    private final StorageConnection connection;

    /**
     * @param s3a the S3A settings; may be null for a {@code file:} base
     * @param tmpDir a directory private to this process for Hadoop's temporary files and upload
     *        buffers; created if missing
     */
    public ArchiveFileSystems(ArchiveLayout layout, S3aSettings s3a, java.nio.file.Path tmpDir) {
        this.layout = Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(tmpDir, "tmpDir");
        this.connection = new Storage(s3a, tmpDir).connect(layout.base());
    }

    public ArchiveLayout layout() {
        return layout;
    }

    /** The storage connection to the archive's base, for operations by URI. */
    public StorageConnection connection() {
        return connection;
    }

    /** The Configuration segment readers and writers use; do not change it once the file system is open. */
    public Configuration configuration() {
        return connection.configuration();
    }

    /** The archive's file system, opened on first use. */
    public FileSystem fileSystem() {
        try {
            return connection.fileSystem();
        } catch (StorageException e) {
            throw new SegmentStorageException("open the archive file system at", layout.toString(),
                    (IOException) e.getCause());
        }
    }

    /**
     * Whether the archive's base location exists: a probe that asks the store (a local directory,
     * or an S3 bucket through S3A), for health checks.
     *
     * @throws SegmentStorageException when the file system cannot be opened
     * @throws StorageException naming the base when the store does not answer
     */
    public boolean baseExists() {
        fileSystem();
        return connection.exists(layout.base());
    }

    /**
     * The segment files under {@code <base>/events} that are not in {@code cataloguedPaths}, sorted by
     * path, whichever store wrote them ({@link ArchiveStoreGuard#orphans} tells them apart). For cleanup only, while no archive run writes (a segment being written looks like an
     * orphan); readers never take segments from a listing.
     *
     * @param cataloguedPaths the catalog's paths ({@link ArchiveCatalog#paths})
     */
    public List<Path> orphans(Set<String> cataloguedPaths) {
        FileSystem fs = fileSystem();
        Set<String> catalogued = new HashSet<>();
        cataloguedPaths.forEach(path -> catalogued.add(fs.makeQualified(new Path(path)).toString()));
        Path root = layout.eventsRoot();
        List<Path> orphans = new ArrayList<>();
        try {
            if (!fs.exists(root)) {
                return orphans;
            }
            RemoteIterator<LocatedFileStatus> files = fs.listFiles(root, true);
            while (files.hasNext()) {
                Path path = fs.makeQualified(files.next().getPath());
                if (ArchiveLayout.isSegmentFile(path) && !catalogued.contains(path.toString())) {
                    orphans.add(path);
                }
            }
        } catch (IOException e) {
            throw new SegmentStorageException("list segments under", root.toString(), e);
        }
        orphans.sort(Comparator.comparing(Path::toString));
        return orphans;
    }

    /** Deletes one file; returns whether it existed. */
    public boolean delete(Path path) {
        try {
            return fileSystem().delete(path, false);
        } catch (IOException e) {
            throw new SegmentStorageException("delete", path.toString(), e);
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (StorageException e) {
            throw new SegmentStorageException("close the archive file system at", layout.toString(),
                    (IOException) e.getCause());
        }
    }
}
