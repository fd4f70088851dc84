package dev.replay.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Hadoop side of an archive: the {@link Configuration} for its base URI ({@code file:} or
 * {@code s3a:}, see {@link ArchiveLayout}) and the one {@link FileSystem} instance the segment
 * writers and readers share, plus the only file listing the platform does: orphan cleanup.
 *
 * <p>Configuration: {@code hadoop.tmp.dir} (and with it S3A's upload buffers) goes to a private
 * directory; {@code file:} writes no {@code .crc} side files (Parquet page
 * checksums and the segment checksum guard the data); S3A gets endpoint, region, path-style
 * access, TLS and credentials from {@link S3aSettings}. Secrets go into the Configuration only;
 * they are never logged or put into a message.
 *
 * <p>The file system is opened with {@code FileSystem.newInstance}, outside Hadoop's global cache
 * (which keys by scheme and bucket and would hand one archive's client to another), and closed
 * by {@link #close}. Thread-safe: Hadoop file systems are.
 */
public final class ArchiveFileSystems implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ArchiveFileSystems.class);
    private static final AtomicBoolean LOGGING_CHECKED = new AtomicBoolean();

    private final ArchiveLayout layout;
    private final Configuration configuration;
    private FileSystem fileSystem;

    /**
     * @param s3a the S3A settings; may be null for a {@code file:} base
     * @param tmpDir a directory private to this process for Hadoop's temporary files and upload
     *        buffers; created if missing
     */
    public ArchiveFileSystems(ArchiveLayout layout, S3aSettings s3a, java.nio.file.Path tmpDir) {
        this.layout = Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(tmpDir, "tmpDir");
        this.configuration = configuration(layout, s3a, tmpDir);
        warnIfHadoopLogsAtDebug();
    }

    public ArchiveLayout layout() {
        return layout;
    }

    /** The Configuration segment readers and writers use; do not change it once the file system is open. */
    public Configuration configuration() {
        return configuration;
    }

    /** The archive's file system, opened on first use. */
    public synchronized FileSystem fileSystem() {
        if (fileSystem == null) {
            try {
                fileSystem = FileSystem.newInstance(layout.base(), configuration);
                // no .crc side files next to segments (file:); other engines would see them
                fileSystem.setWriteChecksum(false);
            } catch (IOException e) {
                throw new SegmentStorageException("open the archive file system at", layout.toString(), e);
            }
        }
        return fileSystem;
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
    public synchronized void close() {
        if (fileSystem != null) {
            try {
                fileSystem.close();
            } catch (IOException e) {
                throw new SegmentStorageException("close the archive file system at", layout.toString(), e);
            } finally {
                fileSystem = null;
            }
        }
    }

    private static void warnIfHadoopLogsAtDebug() {
        if (LoggerFactory.getLogger("org.apache.hadoop").isDebugEnabled() && LOGGING_CHECKED.compareAndSet(false, true)) {
            log.warn("Hadoop logs at DEBUG, which makes segment writes several times slower; "
                    + "set the level of org.apache.hadoop and org.apache.parquet to WARN");
        }
    }

    private static Configuration configuration(ArchiveLayout layout, S3aSettings s3a, java.nio.file.Path tmpDir) {
        Configuration conf = new Configuration();
        conf.set("hadoop.tmp.dir", privateDirectory(tmpDir).toString());
        conf.set("fs.s3a.buffer.dir", privateDirectory(tmpDir.resolve("s3a")).toString());
        if (s3a != null) {
            apply(conf, s3a);
        } else if ("s3a".equals(layout.base().getScheme())) {
            throw new IllegalArgumentException("S3A settings are required for archive base " + layout + ", were null");
        }
        return conf;
    }

    private static void apply(Configuration conf, S3aSettings s3a) {
        setIfPresent(conf, "fs.s3a.endpoint", s3a.endpoint());
        setIfPresent(conf, "fs.s3a.endpoint.region", s3a.region());
        conf.setBoolean("fs.s3a.path.style.access", s3a.pathStyleAccess());
        conf.setBoolean("fs.s3a.connection.ssl.enabled", s3a.sslEnabled());
        setIfPresent(conf, "fs.s3a.aws.credentials.provider", s3a.credentialsProvider());
        setIfPresent(conf, "fs.s3a.access.key", s3a.accessKey());
        setIfPresent(conf, "fs.s3a.secret.key", s3a.secretKey());
        s3a.properties().forEach(conf::set);
    }

    private static void setIfPresent(Configuration conf, String key, String value) {
        if (value != null) {
            conf.set(key, value);
        }
    }

    private static java.nio.file.Path privateDirectory(java.nio.file.Path dir) {
        try {
            Files.createDirectories(dir);
            // owner only: upload buffers hold archived data
            dir.toFile().setReadable(false, false);
            dir.toFile().setReadable(true, true);
            dir.toFile().setWritable(false, false);
            dir.toFile().setWritable(true, true);
            dir.toFile().setExecutable(false, false);
            dir.toFile().setExecutable(true, true);
            return dir.toAbsolutePath();
        } catch (IOException e) {
            throw new IllegalArgumentException("tmpDir must be a directory this process can create, was " + dir, e);
        }
    }
}
