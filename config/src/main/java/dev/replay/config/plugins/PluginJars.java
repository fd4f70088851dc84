package dev.replay.config.plugins;

import dev.replay.jobs.rebuild.ProjectionSource;
import dev.replay.readers.upcast.Upcaster;
import dev.replay.writers.Projection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The plugin jars of {@code replay.plugins.dir}: every {@code *.jar} there, loaded by one class
 * loader whose parent is the application's, so that the Spring context started on it finds the
 * jars' auto-configurations. Their {@code META-INF/services} projections and upcasters are
 * instantiated at once (public no-argument constructor), so a jar that cannot be loaded fails the
 * start with a {@link PluginLoadException} naming it and the reason, before the context starts.
 *
 * <p>Immutable once loaded; the instances it holds are shared by every thread of the application.
 */
public final class PluginJars implements AutoCloseable {

    /** The bean name under which the command line registers the loaded jars in its context. */
    public static final String BEAN = "replayPluginJars";

    private final List<PluginJar> jars;
    private final URLClassLoader classLoader;
    private final List<ProjectionSource> projections = new ArrayList<>();
    private final List<Upcaster> upcasters = new ArrayList<>();

    private PluginJars(List<PluginJar> jars, URLClassLoader classLoader) {
        this.jars = jars;
        this.classLoader = classLoader;
        for (PluginJar jar : jars) {
            PluginServices services = new PluginServices(jar, classLoader);
            jar.projections().forEach(name -> projections.add(
                    new ProjectionSource(services.instantiate(name, Projection.class), jar.name())));
            jar.upcasters().forEach(name -> upcasters.add(services.instantiate(name, Upcaster.class)));
        }
    }

    /**
     * Loads every {@code *.jar} of {@code directory} (none when it does not exist), in file name order.
     *
     * @throws PluginLoadException naming the jar and the reason when one cannot be loaded
     */
    public static PluginJars load(Path directory, ClassLoader parent) {
        List<PluginJar> jars = jarsIn(directory).stream().map(PluginJar::read).toList();
        URL[] urls = jars.stream().map(jar -> url(jar.path())).toArray(URL[]::new);
        URLClassLoader loader = new URLClassLoader("replay-plugins", urls, parent);
        try {
            return new PluginJars(jars, loader);
        } catch (RuntimeException e) {
            close(loader);
            throw e;
        }
    }

    private static List<Path> jarsIn(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the plugin jars of " + directory, e);
        }
    }

    private static URL url(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new PluginLoadException(jar, e.getMessage(), e);
        }
    }

    /** The class loader of the plugin jars; its parent loads the application. */
    public ClassLoader classLoader() {
        return classLoader;
    }

    /** The projections of the jars' {@code META-INF/services}, each with its jar's file name as source. */
    public List<ProjectionSource> projections() {
        return List.copyOf(projections);
    }

    /** The upcasters of the jars' {@code META-INF/services}. */
    public List<Upcaster> upcasters() {
        return List.copyOf(upcasters);
    }

    /**
     * The plugin jar a start-up failure comes from, if any: one whose class threw, or whose listed
     * class a message names (e.g. an auto-configuration class that is missing).
     */
    public Optional<PluginLoadException> blame(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (PluginJar jar : jars) {
                if (jar.mentionedIn(t.getMessage()) || Stream.of(t.getStackTrace()).anyMatch(f -> jar.holds(f.getClassName()))) {
                    return Optional.of(new PluginLoadException(jar.path(), reason(failure), failure));
                }
            }
        }
        return Optional.empty();
    }

    private static String reason(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getName() : root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    @Override
    public void close() {
        close(classLoader);
    }

    private static void close(URLClassLoader loader) {
        try {
            loader.close();
        } catch (IOException ignored) {
            // only open jar handles to release; nothing is lost
        }
    }
}
