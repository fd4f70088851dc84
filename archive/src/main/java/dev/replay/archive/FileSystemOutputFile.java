package dev.replay.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.util.HadoopStreams;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * A Parquet {@link OutputFile} on a given {@link FileSystem} instance. Unlike
 * {@code HadoopOutputFile.fromPath}, it does not go through Hadoop's global file system cache,
 * which keys instances by scheme and bucket only and would mix configurations (two endpoints,
 * two sets of credentials) in one JVM.
 *
 * <p>{@link #of} writes local files through java.nio instead: Hadoop's local file system sets the
 * default permission on every file and directory it creates by running {@code chmod} as a child
 * process (without Hadoop's native library), about 20 ms per daily segment.
 */
final class FileSystemOutputFile implements OutputFile {

    private final FileSystem fileSystem;
    private final Path path;

    FileSystemOutputFile(FileSystem fileSystem, Path path) {
        this.fileSystem = fileSystem;
        this.path = path;
    }

    /** The output file for {@code path}: java.nio's for a {@code file:} path, else on the file system. */
    static OutputFile of(FileSystem fileSystem, Path path) throws IOException {
        if (!"file".equals(path.toUri().getScheme())) {
            return new FileSystemOutputFile(fileSystem, path);
        }
        java.nio.file.Path local = Paths.get(path.toUri());
        Files.createDirectories(local.getParent());
        return new LocalOutputFile(local); // creates with CREATE_NEW: an existing file is refused
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) throws IOException {
        // segments are immutable: an existing file is refused, never overwritten
        return HadoopStreams.wrap(fileSystem.create(path, false));
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
        return HadoopStreams.wrap(fileSystem.create(path, true));
    }

    @Override
    public boolean supportsBlockSize() {
        return false;
    }

    @Override
    public long defaultBlockSize() {
        return 0;
    }

    @Override
    public String getPath() {
        return path.toString();
    }
}
