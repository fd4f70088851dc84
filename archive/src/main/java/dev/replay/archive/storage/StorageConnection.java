package dev.replay.archive.storage;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The file system of one location ({@code file:} or {@code s3a:}), operated on by URI: exists,
 * status, list, create, open, rename, delete, measure. Every failure is a {@link StorageException}
 * naming the URI and the action.
 *
 * <p>The Hadoop file system is opened on first use with {@code FileSystem.newInstance}, outside
 * Hadoop's global cache (which keys by scheme and bucket and would hand one location's client to
 * another), writes no {@code .crc} side files, and is closed by {@link #close}. Thread-safe:
 * Hadoop file systems are.
 */
public final class StorageConnection implements AutoCloseable {

    private final URI location;
    private final Configuration configuration;
    private FileSystem fileSystem;

    StorageConnection(URI location, Configuration configuration) {
        this.location = location;
        this.configuration = configuration;
    }

    /** The location this connection was opened for. */
    public URI location() {
        return location;
    }

    /** For the archive's Parquet readers and writers: the loaded configuration. Do not change it. */
    public Configuration configuration() {
        return configuration;
    }

    /**
     * For the archive's Parquet readers and writers: the file system, opened on first use.
     *
     * @throws StorageException naming the location when it cannot be opened
     */
    public synchronized FileSystem fileSystem() {
        if (fileSystem == null) {
            try {
                fileSystem = FileSystem.newInstance(location, configuration);
                // no .crc side files next to segments and parts (file:); other engines would see them
                fileSystem.setWriteChecksum(false);
            } catch (IOException e) {
                throw new StorageException("open the archive file system at", location.toString(), e);
            }
        }
        return fileSystem;
    }

    /** Whether a file or directory is at {@code uri}. */
    public boolean exists(URI uri) {
        return call("look for", uri, fs -> fs.exists(new Path(uri)));
    }

    /** Whether a file (not a directory) is at {@code uri}. */
    public boolean isFile(URI uri) {
        return call("look for", uri, fs -> fs.isFile(new Path(uri)));
    }

    /** What is at {@code uri}; empty when nothing is. */
    public Optional<StorageEntry> status(URI uri) {
        return call("look for", uri, fs -> {
            try {
                return Optional.of(entry(fs.getFileStatus(new Path(uri))));
            } catch (FileNotFoundException e) {
                return Optional.empty();
            }
        });
    }

    /** The entries directly under the directory {@code uri}. */
    public List<StorageEntry> list(URI uri) {
        return call("list", uri, fs -> {
            List<StorageEntry> entries = new ArrayList<>();
            for (FileStatus status : fs.listStatus(new Path(uri))) {
                entries.add(entry(status));
            }
            return entries;
        });
    }

    /** Creates the directory {@code uri} and its parents (a no-op on object stores). */
    public void mkdirs(URI uri) {
        call("create the directory", uri, fs -> fs.mkdirs(new Path(uri)));
    }

    /** A new file at {@code uri}, replacing one that is there only when {@code overwrite}. */
    public OutputStream create(URI uri, boolean overwrite) {
        return call("create", uri, fs -> fs.create(new Path(uri), overwrite));
    }

    /** Reads the file at {@code uri}. */
    public InputStream open(URI uri) {
        return call("open", uri, fs -> fs.open(new Path(uri)));
    }

    /** Renames {@code from} to {@code to}; returns whether it was renamed. */
    public boolean rename(URI from, URI to) {
        return call("rename to " + shown(to), from, fs -> fs.rename(new Path(from), new Path(to)));
    }

    /** Deletes one file or empty directory, never a tree; returns whether it is gone now. */
    public boolean delete(URI uri) {
        return call("delete", uri, fs -> fs.delete(new Path(uri), false) || !fs.exists(new Path(uri)));
    }

    /** The bytes at {@code uri}: the file's length, or the sum of the files under the directory. */
    public long bytes(URI uri) {
        return call("measure", uri, fs -> fs.getContentSummary(new Path(uri)).getLength());
    }

    @Override
    public synchronized void close() {
        if (fileSystem != null) {
            try {
                fileSystem.close();
            } catch (IOException e) {
                throw new StorageException("close the archive file system at", location.toString(), e);
            } finally {
                fileSystem = null;
            }
        }
    }

    private <T> T call(String action, URI uri, IoFunction<T> function) {
        try {
            return function.apply(fileSystem());
        } catch (IOException e) {
            throw new StorageException(action, shown(uri), e);
        }
    }

    private static StorageEntry entry(FileStatus status) {
        return new StorageEntry(status.getPath().toUri(), status.getPath().getName(), status.isDirectory(),
                status.isDirectory() ? 0 : status.getLen());
    }

    private static String shown(URI uri) {
        return new Path(uri).toString();
    }

    @FunctionalInterface
    private interface IoFunction<T> {
        T apply(FileSystem fileSystem) throws IOException;
    }
}
