package dev.replay.jobs.rebuild;

import dev.replay.writers.Projection;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Objects;

/**
 * A projection with where it comes from, as the {@code projections} listing and a name clash say
 * it: {@value #BUILT_IN}, {@value #SQL} (declared under {@code replay.projections}), or the file
 * name of the plugin jar that holds its class.
 *
 * @param source what {@code projections} shows in its source column
 */
public record ProjectionSource(Projection projection, String source) {

    public static final String BUILT_IN = "built-in";
    public static final String SQL = "sql";

    public ProjectionSource {
        Objects.requireNonNull(projection, "projection");
        Objects.requireNonNull(source, "source");
    }

    /**
     * A projection bean: built-in when its class is the platform's own, otherwise the file name of
     * the jar (or directory) its class was loaded from.
     */
    public static ProjectionSource of(Projection projection) {
        Class<?> type = projection.getClass();
        if (type.getName().startsWith("dev.replay.")) {
            return new ProjectionSource(projection, BUILT_IN);
        }
        return new ProjectionSource(projection, location(type));
    }

    private static String location(Class<?> type) {
        CodeSource code = type.getProtectionDomain().getCodeSource();
        if (code == null || code.getLocation() == null) {
            return type.getName();
        }
        try {
            Path path = Path.of(code.getLocation().toURI());
            return path.getFileName() == null ? path.toString() : path.getFileName().toString();
        } catch (URISyntaxException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            String url = code.getLocation().toString(); // e.g. a jar nested in the runnable jar
            return url.substring(url.replaceAll("[/!]+$", "").lastIndexOf('/') + 1).replaceAll("[/!]+$", "");
        }
    }
}
