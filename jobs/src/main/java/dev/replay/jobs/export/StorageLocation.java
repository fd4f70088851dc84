package dev.replay.jobs.export;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A place in storage, reduced to what two places need to be compared: the scheme, the authority
 * (an S3 bucket) and the path's names, with {@code .} and {@code ..} resolved and trailing slashes
 * dropped. A local place is given as a plain path or a {@code file:} URI and also carries its
 * real path (symbolic links resolved as far as the path exists), so that a link into a place is
 * caught too. Immutable and thread-safe.
 */
record StorageLocation(String text, String root, List<String> names, List<String> realNames) {

    /**
     * Parses a local path, a {@code file:} URI or a URI of another scheme ({@code s3a://bucket/key}).
     *
     * @throws IllegalArgumentException naming the text when it is none of these
     */
    static StorageLocation of(String text) {
        String trimmed = text == null ? "" : text.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("a storage location must be a path or a URI, was '" + text + "'");
        }
        try {
            if (trimmed.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*") && !trimmed.startsWith("file:")) {
                return remote(trimmed);
            }
            Path path = trimmed.startsWith("file:") ? Path.of(URI.create(trimmed)) : Path.of(trimmed);
            return local(trimmed, path.toAbsolutePath().normalize());
        } catch (IllegalArgumentException e) { // also an InvalidPathException
            throw new IllegalArgumentException("a storage location must be a path or a URI, was '" + text + "'", e);
        }
    }

    private static StorageLocation remote(String text) {
        URI uri = URI.create(text).normalize();
        String host = uri.getHost() != null ? uri.getHost() : uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
        String authority = host.toLowerCase(Locale.ROOT) + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        List<String> names = names(uri.getPath() == null ? "" : uri.getPath());
        // user info would be credentials: never shown
        String shown = uri.getRawUserInfo() == null ? text : text.replace(uri.getRawUserInfo() + "@", "***@");
        return new StorageLocation(shown, uri.getScheme().toLowerCase(Locale.ROOT) + "://" + authority, names, names);
    }

    private static StorageLocation local(String text, Path absolute) {
        return new StorageLocation(text, "file:", names(absolute), names(real(absolute)));
    }

    /** The path with links resolved in its longest existing prefix, the rest appended as given. */
    private static Path real(Path absolute) {
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(absolute)).normalize();
        } catch (IOException e) {
            return absolute; // unreadable: the lexical comparison still applies
        }
    }

    private static List<String> names(Path path) {
        List<String> names = new ArrayList<>();
        path.forEach(name -> names.add(name.toString()));
        return names;
    }

    private static List<String> names(String path) {
        List<String> names = new ArrayList<>();
        for (String name : path.split("/")) {
            if (!name.isEmpty() && !name.equals(".")) {
                names.add(name);
            }
        }
        return names;
    }

    /**
     * How this place collides with {@code other}: {@code "is"}, {@code "lies inside"} or
     * {@code "contains"}; empty when neither holds the other.
     */
    Optional<String> collision(StorageLocation other) {
        if (!root.equals(other.root)) {
            return Optional.empty();
        }
        return relation(names, other.names).or(() -> relation(realNames, other.realNames));
    }

    private static Optional<String> relation(List<String> mine, List<String> theirs) {
        if (mine.equals(theirs)) {
            return Optional.of("is");
        }
        if (mine.size() > theirs.size() && mine.subList(0, theirs.size()).equals(theirs)) {
            return Optional.of("lies inside");
        }
        if (theirs.size() > mine.size() && theirs.subList(0, mine.size()).equals(mine)) {
            return Optional.of("contains");
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return text;
    }
}
