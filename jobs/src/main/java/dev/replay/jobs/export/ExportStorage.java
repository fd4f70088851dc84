package dev.replay.jobs.export;

import dev.replay.archive.ArchiveFileSystems;
import dev.replay.archive.ArchiveLayout;
import dev.replay.archive.S3aSettings;
import dev.replay.archive.SegmentStorageException;
import java.io.IOException;
import java.util.Objects;
import org.apache.hadoop.fs.FileSystem;

/**
 * Opens the Hadoop file system of an export's output: the local one for {@code file:}, S3A with
 * the given settings (the archive's, {@code replay.archive.s3a.*}) for {@code s3a:}. Each call
 * opens a fresh instance that the caller closes, so one export's client never leaks into another.
 *
 * <p>Thread-safe.
 */
public final class ExportStorage {

    private final S3aSettings s3a;
    private final java.nio.file.Path tmpDir;

    /**
     * @param s3a how S3A reaches the store; null when no S3A output is to be written
     * @param tmpDir a directory private to this process for Hadoop's temporary files and upload buffers
     */
    public ExportStorage(S3aSettings s3a, java.nio.file.Path tmpDir) {
        this.s3a = s3a;
        this.tmpDir = Objects.requireNonNull(tmpDir, "tmpDir");
    }

    /** The file systems of {@code output}; close them when done. */
    public ArchiveFileSystems open(ExportOutput output) {
        if (!output.local() && s3a == null) {
            throw new IllegalArgumentException("out " + output + " needs S3A settings (replay.archive.s3a.*), were none");
        }
        return new ArchiveFileSystems(new ArchiveLayout(output.uri()), output.local() ? null : s3a, tmpDir);
    }

    /** Whether anything (a file or a directory) is at {@code output}. */
    public boolean exists(ExportOutput output) {
        return apply(output, "look for", fs -> fs.exists(output.hadoopPath()));
    }

    /** Deletes what is at {@code output}, a directory with everything under it; returns whether there was anything. */
    public boolean delete(ExportOutput output) {
        return apply(output, "delete", fs -> fs.delete(output.hadoopPath(), true));
    }

    /** The bytes at {@code output}: the file's length, or the sum of the files under the directory. */
    public long bytes(ExportOutput output) {
        return apply(output, "measure", fs -> fs.getContentSummary(output.hadoopPath()).getLength());
    }

    private <T> T apply(ExportOutput output, String action, IoFunction<T> function) {
        try (ArchiveFileSystems fileSystems = open(output)) {
            return function.apply(fileSystems.fileSystem());
        } catch (IOException e) {
            throw new SegmentStorageException(action + " export output", output.toString(), e);
        }
    }

    @FunctionalInterface
    private interface IoFunction<T> {
        T apply(FileSystem fileSystem) throws IOException;
    }
}
