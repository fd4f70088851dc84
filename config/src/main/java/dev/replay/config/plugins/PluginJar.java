package dev.replay.config.plugins;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * What one plugin jar declares: its {@code META-INF/services} entries for an SPI, its Spring Boot
 * auto-configurations, and the classes it holds (to tell which jar a start-up failure comes from).
 * Read once, eagerly; immutable.
 */
record PluginJar(Path path, List<String> projections, List<String> upcasters, List<String> autoConfigurations,
                 Set<String> classes) {

    static final String PROJECTION_SERVICES = "META-INF/services/dev.replay.writers.Projection";
    static final String UPCASTER_SERVICES = "META-INF/services/dev.replay.readers.upcast.Upcaster";
    static final String AUTO_CONFIGURATIONS =
            "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports";

    String name() {
        return path.getFileName().toString();
    }

    /** @throws PluginLoadException when the file is not a jar (zip) file or cannot be read */
    static PluginJar read(Path path) {
        try (JarFile jar = new JarFile(path.toFile())) {
            Set<String> classes = new HashSet<>();
            jar.stream().map(JarEntry::getName).filter(name -> name.endsWith(".class"))
                    .forEach(name -> classes.add(name.substring(0, name.length() - 6).replace('/', '.')));
            return new PluginJar(path, lines(jar, PROJECTION_SERVICES), lines(jar, UPCASTER_SERVICES),
                    lines(jar, AUTO_CONFIGURATIONS), Set.copyOf(classes));
        } catch (IOException e) {
            throw new PluginLoadException(path, "not a readable jar (zip) file: " + e.getMessage(), e);
        }
    }

    /** Class names, one a line, {@code #} starting a comment: the format of ServiceLoader and of Boot's imports. */
    private static List<String> lines(JarFile jar, String entry) throws IOException {
        JarEntry found = jar.getJarEntry(entry);
        List<String> names = new ArrayList<>();
        if (found == null) {
            return names;
        }
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(jar.getInputStream(found), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                int comment = line.indexOf('#');
                String name = (comment < 0 ? line : line.substring(0, comment)).strip();
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /** Whether {@code text} names one of this jar's classes, or a class listed by it that may be missing. */
    boolean mentionedIn(String text) {
        return text != null && (autoConfigurations.stream().anyMatch(text::contains)
                || projections.stream().anyMatch(text::contains) || upcasters.stream().anyMatch(text::contains));
    }

    /** Whether a stack frame's class (a lambda's or a proxy's too) is one of this jar's. */
    boolean holds(String className) {
        int generated = className.indexOf("$$");
        return classes.contains(generated < 0 ? className : className.substring(0, generated));
    }
}
