package dev.replay.archive.sink;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where an export goes: a local path (absolute once parsed) or an {@code s3a://bucket/key} URI,
 * held as a normalized URI ({@code file:/abs/path} or {@code s3a://bucket/key}, no trailing slash).
 *
 * <p>A line format on a local path is one file; anything else (Parquet, or any format on S3A,
 * which can neither append nor truncate) is a directory of numbered part files; see
 * {@link ExportParts}. Immutable and thread-safe.
 */
public record ExportOutput(URI uri) {

    public ExportOutput {
        Objects.requireNonNull(uri, "uri");
    }

    /**
     * Parses a local path (relative to the working directory), a {@code file:} URI or an
     * {@code s3a://bucket/key} URI.
     *
     * @throws IllegalArgumentException naming the value when it is none of these
     */
    public static ExportOutput parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("out must be a local path, a file: URI or an s3a://bucket/key URI, was '"
                    + text + "'");
        }
        String trimmed = text.strip();
        try {
            if (trimmed.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*") && !trimmed.startsWith("file:")) {
                return remote(new URI(trimmed), text);
            }
            return local(trimmed.startsWith("file:") ? Path.of(new URI(trimmed)) : Path.of(trimmed));
        } catch (URISyntaxException | InvalidPathException e) {
            throw new IllegalArgumentException("out must be a local path, a file: URI or an s3a://bucket/key URI, was '"
                    + text + "'", e);
        } catch (IllegalArgumentException e) {
            if (trimmed.startsWith("file:")) { // a file: URI that names no absolute path
                throw new IllegalArgumentException("out must be a local path, a file: URI or an s3a://bucket/key URI, "
                        + "was '" + text + "'", e);
            }
            throw e;
        }
    }

    private static ExportOutput local(Path path) throws URISyntaxException {
        String absolute = path.toAbsolutePath().normalize().toString();
        return new ExportOutput(new URI("file", null, absolute, null));
    }

    private static ExportOutput remote(URI uri, String text) throws URISyntaxException {
        if (!"s3a".equals(uri.getScheme()) || uri.getHost() == null || uri.getUserInfo() != null
                || uri.getQuery() != null || uri.getFragment() != null) {
            // user info would be credentials: not echoed
            throw new IllegalArgumentException("out must be a local path, a file: URI or an s3a://bucket/key URI, was '"
                    + (uri.getUserInfo() != null ? uri.getScheme() + "://***@" + uri.getHost() : text) + "'");
        }
        String key = uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", "");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("out must name a key under the bucket (s3a://bucket/key), was '" + text + "'");
        }
        return new ExportOutput(new URI("s3a", uri.getAuthority(), key, null, null));
    }

    /** Whether this is a local file system path. */
    public boolean local() {
        return "file".equals(uri.getScheme());
    }

    /** Whether an export of this format here is one file (a line format, locally) rather than a directory of parts. */
    public boolean singleFile(ExportFormat format) {
        return local() && format.lines();
    }

    /** The local path; only for {@link #local()} outputs. */
    public Path localPath() {
        if (!local()) {
            throw new IllegalStateException("Export output " + this + " is not local");
        }
        return Path.of(uri);
    }

    /** The URI of the file {@code name} in the directory this output names. */
    public URI resolve(String name) {
        try {
            return new URI(uri.getScheme(), uri.getAuthority(), uri.getPath() + "/" + name, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("name must be a file name, was '" + name + "'", e);
        }
    }

    /** The local path, or the URI: what a user typed, made absolute. */
    @Override
    public String toString() {
        return local() ? uri.getPath() : uri.toString();
    }
}
