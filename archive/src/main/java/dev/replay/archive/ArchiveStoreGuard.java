package dev.replay.archive;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Keeps one store to one archive location. A store claims a location before it archives there
 * ({@link #claim}) by writing its marker {@code <base>/_stores/<store id>}; a location that holds
 * another store's marker, or segment files named for another store, is refused with an
 * {@link ArchiveStoreConflictException} naming the location and the other store. Cleanup
 * ({@link #orphans}) sorts the files the catalog does not hold into this store's own orphans (its
 * token in the name: provably written by it and never committed), legacy files (named before
 * stores had ids: nobody can prove them orphans, so they are only reported) and another store's
 * files (a conflict).
 *
 * <p>The store id is read from the database on first use, after the schema migrations ran.
 * Thread-safe.
 */
public final class ArchiveStoreGuard {

    private final ArchiveFileSystems fileSystems;
    private final Supplier<ArchiveStoreId> storeId;
    private volatile ArchiveStoreId store;

    /** @param storeId this store's id, asked once on first use (e.g. {@code () -> ArchiveStoreId.of(dataSource)}) */
    public ArchiveStoreGuard(ArchiveFileSystems fileSystems, Supplier<ArchiveStoreId> storeId) {
        this.fileSystems = Objects.requireNonNull(fileSystems, "fileSystems");
        this.storeId = Objects.requireNonNull(storeId, "storeId");
    }

    /** This store's id. */
    public ArchiveStoreId store() {
        ArchiveStoreId id = store;
        if (id == null) {
            id = Objects.requireNonNull(storeId.get(), "store id");
            store = id;
        }
        return id;
    }

    /**
     * Refuses the location if another store archives there, else writes this store's marker. The
     * first claim also looks at every segment file's name (another store's segments without a
     * marker); later ones only at the markers, since a store that came after this one would have
     * found this store's marker and stopped.
     *
     * @throws ArchiveStoreConflictException naming the location and the other store
     */
    public void claim() {
        FileSystem fs = fileSystems.fileSystem();
        Path marker = fileSystems.layout().storeMarker(store());
        checkMarkers();
        try {
            if (fs.exists(marker)) {
                return;
            }
            orphans(Set.of()); // every segment file's name, for another store's token
            try (FSDataOutputStream out = fs.create(marker, true)) {
                out.write(("replay archive store " + store() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new SegmentStorageException("write the store marker", marker.toString(), e);
        }
    }

    /**
     * The segment files the catalog does not hold, sorted into this store's orphans and legacy
     * files; refuses the location first if another store's marker or segment is there.
     *
     * @param cataloguedPaths the catalog's paths ({@link ArchiveCatalog#paths})
     * @throws ArchiveStoreConflictException naming the location and the other store
     */
    public Orphans orphans(Set<String> cataloguedPaths) {
        checkMarkers();
        String own = store().token();
        List<Path> mine = new ArrayList<>();
        List<Path> legacy = new ArrayList<>();
        for (Path path : fileSystems.orphans(cataloguedPaths)) {
            String token = ArchiveLayout.storeToken(path);
            if (own.equals(token)) {
                mine.add(path);
            } else if (token == null) {
                legacy.add(path);
            } else {
                throw conflict("a segment of store " + token + "… (" + path + ")");
            }
        }
        return new Orphans(mine, legacy);
    }

    /**
     * Segment files not in the catalog.
     *
     * @param own this store's: written and never committed, safe to delete
     * @param legacy named without a store id: maybe another store's, never deleted
     */
    public record Orphans(List<Path> own, List<Path> legacy) {
    }

    private void checkMarkers() {
        FileSystem fs = fileSystems.fileSystem();
        Path root = fileSystems.layout().storesRoot();
        try {
            if (!fs.exists(root)) {
                return;
            }
            List<FileStatus> markers = new ArrayList<>(List.of(fs.listStatus(root)));
            markers.sort(Comparator.comparing(status -> status.getPath().getName()));
            for (FileStatus marker : markers) {
                String name = marker.getPath().getName();
                if (!name.equals(store().toString()) && !name.startsWith(".")) {
                    throw conflict("store " + name + " (marker " + fs.makeQualified(marker.getPath()) + ")");
                }
            }
        } catch (IOException e) {
            throw new SegmentStorageException("list the store markers under", root.toString(), e);
        }
    }

    private ArchiveStoreConflictException conflict(String other) {
        return new ArchiveStoreConflictException("Archive location " + fileSystems.layout() + " holds the archive of "
                + "another store: " + other + "; this store is " + store() + ". Each store (database) needs its own "
                + "replay.archive.uri; nothing was archived or deleted");
    }
}
