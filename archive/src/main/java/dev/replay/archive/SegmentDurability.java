package dev.replay.archive;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.hadoop.fs.Path;

/**
 * Makes a closed segment durable before its catalog row commits and its events leave the hot
 * store. On {@code file:} a closed file may still sit in the page cache, and a power loss after
 * the commit would lose events that exist nowhere else: the file and the directories whose
 * entries it added (its partition, {@code events}) are forced to disk. On {@code s3a:} a
 * completed PUT is durable; nothing is done.
 *
 * <p>Stateless apart from its {@link Fsync}; thread-safe.
 */
final class SegmentDurability {

    /** Forces one local file or directory to disk. */
    @FunctionalInterface
    interface Fsync {
        void force(java.nio.file.Path path) throws IOException;
    }

    /** {@link FileChannel#force} on the file, or on the directory opened for reading (Linux allows it). */
    static final Fsync CHANNEL = path -> {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        }
    };

    /**
     * Forces nothing: for the writers of an archive chunk, whose segments the archiver forces
     * together on its commit thread ({@link #makeDurable(List)}) before their commit.
     */
    static final SegmentDurability DEFERRED = new SegmentDurability(path -> { });

    private final Fsync fsync;

    SegmentDurability(Fsync fsync) {
        this.fsync = Objects.requireNonNull(fsync, "fsync");
    }

    /**
     * Forces a segment at a qualified path to disk if its file system needs it.
     *
     * @return whether it did (false for object stores)
     * @throws SegmentStorageException naming the path when the sync fails
     */
    boolean makeDurable(Path segment) {
        return makeDurable(List.of(segment));
    }

    /**
     * Forces segments at qualified paths to disk if their file system needs it: each file, then
     * each directory they are in and its parent once (a chunk's segments share their day's).
     *
     * @return whether it did (false for object stores)
     * @throws SegmentStorageException naming the path when the sync fails
     */
    boolean makeDurable(List<Path> segments) {
        Set<java.nio.file.Path> directories = new LinkedHashSet<>();
        Set<java.nio.file.Path> partitions = new LinkedHashSet<>();
        for (Path segment : segments) {
            URI uri = segment.toUri();
            if (!"file".equals(uri.getScheme())) {
                return false;
            }
            java.nio.file.Path file = Paths.get(uri);
            force(file, segment);
            directories.add(file.getParent()); // the segment's directory entry
            partitions.add(file.getParent().getParent()); // the partition's, when this segment created it
        }
        Path named = segments.isEmpty() ? null : segments.get(0);
        directories.forEach(directory -> force(directory, named));
        partitions.forEach(directory -> force(directory, named));
        return !segments.isEmpty();
    }

    private void force(java.nio.file.Path path, Path segment) {
        try {
            fsync.force(path);
        } catch (IOException e) {
            throw new SegmentStorageException("sync to disk the segment", segment.toString(), e);
        }
    }
}
