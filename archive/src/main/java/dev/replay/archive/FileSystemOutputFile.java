package dev.replay.archive;

import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.util.HadoopStreams;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * A Parquet {@link OutputFile} on a given {@link FileSystem} instance. Unlike
 * {@code HadoopOutputFile.fromPath}, it does not go through Hadoop's global file system cache,
 * which keys instances by scheme and bucket only and would mix configurations (two endpoints,
 * two sets of credentials) in one JVM.
 */
final class FileSystemOutputFile implements OutputFile {

    private final FileSystem fileSystem;
    private final Path path;

    FileSystemOutputFile(FileSystem fileSystem, Path path) {
        this.fileSystem = fileSystem;
        this.path = path;
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
