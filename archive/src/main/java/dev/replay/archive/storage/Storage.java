package dev.replay.archive.storage;

import dev.replay.archive.S3aSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The platform's one way into storage: {@code file:} locations on the local file system, and
 * {@code s3a://bucket/key} locations through Hadoop S3A with the given {@link S3aSettings} (the
 * archive's, {@code replay.archive.s3a.*}). The archive's segments and the exports' outputs both
 * go through it, so both apply the same settings and report failures the same way
 * ({@link StorageException}, naming the location).
 *
 * <p>Each {@link #connect} opens a connection of its own that the caller closes, so one
 * location's client never leaks into another's. Immutable and thread-safe.
 */
public final class Storage {

    private final S3aSettings s3a;
    private final Path tmpDir;

    /**
     * @param s3a how S3A reaches the store; null when no {@code s3a:} location is to be used
     * @param tmpDir a directory private to this process for Hadoop's temporary files and upload
     *        buffers; created if missing
     */
    public Storage(S3aSettings s3a, Path tmpDir) {
        this.s3a = s3a;
        this.tmpDir = Objects.requireNonNull(tmpDir, "tmpDir");
    }

    /** Whether S3A settings were given, so that {@code s3a:} locations can be connected. */
    public boolean hasS3a() {
        return s3a != null;
    }

    /**
     * A connection to the file system of {@code location}; it opens on first use.
     *
     * @throws IllegalArgumentException for an {@code s3a:} location without S3A settings
     */
    public StorageConnection connect(URI location) {
        return new StorageConnection(location, HadoopConfigurations.of(location, s3a, tmpDir));
    }
}
