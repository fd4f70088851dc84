package dev.replay.archive;

import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.util.HadoopStreams;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/**
 * A Parquet {@link InputFile} on a given {@link FileSystem} instance (see
 * {@link FileSystemOutputFile} for why not Hadoop's cache). The length is taken once.
 */
final class FileSystemInputFile implements InputFile {

    private final FileSystem fileSystem;
    private final Path path;
    private long length = -1;

    FileSystemInputFile(FileSystem fileSystem, Path path) {
        this.fileSystem = fileSystem;
        this.path = path;
    }

    @Override
    public long getLength() throws IOException {
        if (length < 0) {
            length = fileSystem.getFileStatus(path).getLen();
        }
        return length;
    }

    @Override
    public SeekableInputStream newStream() throws IOException {
        return HadoopStreams.wrap(fileSystem.open(path));
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
