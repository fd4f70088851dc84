package dev.replay.archive.sink;

import dev.replay.archive.S3aSettings;
import dev.replay.archive.storage.Storage;
import dev.replay.archive.storage.StorageConnection;
import dev.replay.archive.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The storage of export outputs: the local file system for {@code file:}, S3A with the given
 * settings (the archive's, {@code replay.archive.s3a.*}) for {@code s3a:}, through {@link Storage}.
 * Each call opens a fresh connection that is closed again (or, from {@link #open}, that the caller
 * closes), so one export's client never leaks into another. Failures are
 * {@link StorageException}s naming the action and the output.
 *
 * <p>Thread-safe.
 */
public final class ExportStorage {

    /** The empty file that marks a directory of parts complete, as Hadoop and Spark jobs write it. */
    public static final String SUCCESS = "_SUCCESS";

    private final Storage storage;

    /**
     * @param s3a how S3A reaches the store; null when no S3A output is to be written
     * @param tmpDir a directory private to this process for Hadoop's temporary files and upload buffers
     */
    public ExportStorage(S3aSettings s3a, java.nio.file.Path tmpDir) {
        this.storage = new Storage(s3a, tmpDir);
    }

    /** A connection to the storage of {@code output}; close it when done. */
    public StorageConnection open(ExportOutput output) {
        if (!output.local() && !storage.hasS3a()) {
            throw new IllegalArgumentException("out " + output + " needs S3A settings (replay.archive.s3a.*), were none");
        }
        return storage.connect(output.uri());
    }

    /** Whether anything (a file or a directory) is at {@code output}. */
    public boolean exists(ExportOutput output) {
        return apply(output, "look for", fs -> fs.exists(output.uri()));
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
            List<URI> own = ExportOutputContents.own(fs, output, recorded);
            for (URI path : own) {
                if (!fs.delete(path)) {
                    throw new UncheckedIOException(new IOException("delete of " + path + " returned false"));
                }
            }
            return !own.isEmpty();
        });
    }

    /** Marks the directory at {@code output} as an export's own, creating it; {@code identity} names the export. */
    public void mark(ExportOutput output, String identity) {
        URI marker = output.resolve(ExportOutputContents.MARKER);
        apply(output, "mark", fs -> {
            try (OutputStream out = fs.create(marker, true)) {
                out.write(identity.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return null;
        });
    }

    /** The identity in the marker of the directory at {@code output}; empty when there is none. */
    public Optional<String> marker(ExportOutput output) {
        URI marker = output.resolve(ExportOutputContents.MARKER);
        return apply(output, "read the marker of", fs -> {
            if (!fs.isFile(marker)) {
                return Optional.empty();
            }
            try (InputStream in = fs.open(marker)) {
                return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * Marks the directory of parts at {@code output} complete with an empty {@value #SUCCESS} file
     * (readers of {@code *.parquet} or {@code part-*} skip it). Idempotent.
     */
    public void markComplete(ExportOutput output) {
        URI marker = output.resolve(SUCCESS);
        try (StorageConnection fs = open(output)) {
            fs.create(marker, true).close();
        } catch (StorageException e) {
            throw new StorageException("mark export complete at", e.location(), (IOException) e.getCause());
        } catch (IOException e) {
            throw new StorageException("mark export complete at", marker.toString(), e);
        }
    }

    /** The bytes at {@code output}: the file's length, or the sum of the files under the directory. */
    public long bytes(ExportOutput output) {
        return apply(output, "measure", fs -> fs.bytes(output.uri()));
    }

    private <T> T apply(ExportOutput output, String action, Function<StorageConnection, T> function) {
        try (StorageConnection fs = open(output)) {
            return function.apply(fs);
        } catch (UncheckedIOException e) { // also a StorageException naming the file
            throw new StorageException(action + " export output", output.toString(), e.getCause());
        }
    }
}
