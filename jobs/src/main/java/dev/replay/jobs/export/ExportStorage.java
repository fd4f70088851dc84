package dev.replay.jobs.export;

import dev.replay.archive.ArchiveFileSystems;
import dev.replay.archive.ArchiveLayout;
import dev.replay.archive.S3aSettings;
import dev.replay.archive.SegmentStorageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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

    /**
     * Refuses to replace {@code output} unless everything there is an earlier export's (see
     * {@link ExportOutputContents}); deletes nothing.
     *
     * @param recorded whether an earlier export recorded exactly this output
     * @throws ExportOutputRefusedException naming the output and a file no export wrote
     */
    public void checkReplaceable(ExportOutput output, boolean recorded) {
        apply(output, "inspect", fs -> ExportOutputContents.own(fs, output, recorded));
    }

    /**
     * Deletes what earlier exports wrote at {@code output}, file by file, never a tree; refuses,
     * deleting nothing, when anything else is there. Returns whether anything was deleted.
     *
     * @param recorded whether an earlier export recorded exactly this output
     * @throws ExportOutputRefusedException naming the output and a file no export wrote
     */
    public boolean deleteOwn(ExportOutput output, boolean recorded) {
        return apply(output, "delete", fs -> {
            List<org.apache.hadoop.fs.Path> own = ExportOutputContents.own(fs, output, recorded);
            for (org.apache.hadoop.fs.Path path : own) {
                if (!fs.delete(path, false) && fs.exists(path)) {
                    throw new IOException("delete of " + path + " returned false");
                }
            }
            return !own.isEmpty();
        });
    }

    /** Marks the directory at {@code output} as an export's own, creating it; {@code identity} names the export. */
    public void mark(ExportOutput output, String identity) {
        org.apache.hadoop.fs.Path marker = new org.apache.hadoop.fs.Path(output.hadoopPath(), ExportOutputContents.MARKER);
        apply(output, "mark", fs -> {
            try (OutputStream out = fs.create(marker, true)) {
                out.write(identity.getBytes(StandardCharsets.UTF_8));
            }
            return null;
        });
    }

    /** The identity in the marker of the directory at {@code output}; empty when there is none. */
    public Optional<String> marker(ExportOutput output) {
        org.apache.hadoop.fs.Path marker = new org.apache.hadoop.fs.Path(output.hadoopPath(), ExportOutputContents.MARKER);
        return apply(output, "read the marker of", fs -> {
            if (!fs.isFile(marker)) {
                return Optional.empty();
            }
            try (InputStream in = fs.open(marker)) {
                return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        });
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
