package dev.replay.config.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replay.jobs.rebuild.ProjectionSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginJarsTest {

    @TempDir
    Path dir;

    private PluginJars load() {
        return PluginJars.load(dir, PluginJarsTest.class.getClassLoader());
    }

    @Nested
    class Loading {

        @Test
        @DisplayName("Issue 14: a jar's ServiceLoader projection and upcaster are loaded, the projection with the jar's file name as source")
        void loadsServicesWithTheJarAsSource() throws Exception {
            OrdersPlugin.servicesJar(dir.resolve("orders-1.0.jar"), OrdersPlugin.TOTALS);

            try (PluginJars plugins = load()) {
                assertThat(plugins.projections()).singleElement().satisfies(p -> {
                    assertThat(p.projection().name()).isEqualTo(OrdersPlugin.TOTALS);
                    assertThat(p.source()).isEqualTo("orders-1.0.jar");
                    assertThat(ProjectionSource.of(p.projection()).source()).isEqualTo("orders-1.0.jar");
                });
                assertThat(plugins.upcasters()).singleElement().satisfies(u -> assertThat(u.eventType()).isEqualTo("OrderPlaced"));
                assertThat(plugins.classLoader().loadClass("com.example.orders.OrderTotalsProjection")).isNotNull();
            }
            assertThatThrownBy(() -> Class.forName("com.example.orders.OrderTotalsProjection"))
                    .isInstanceOf(ClassNotFoundException.class); // not on the test class path
        }

        @Test
        void noDirectoryNoPlugins() {
            try (PluginJars plugins = PluginJars.load(dir.resolve("absent"), getClass().getClassLoader())) {
                assertThat(plugins.projections()).isEmpty();
                assertThat(plugins.upcasters()).isEmpty();
            }
        }

        @Test
        void otherFilesAreIgnored() throws Exception {
            Files.writeString(dir.resolve("README.txt"), "not a jar, not loaded");
            try (PluginJars plugins = load()) {
                assertThat(plugins.projections()).isEmpty();
            }
        }
    }

    @Nested
    class BrokenJars {

        @Test
        @DisplayName("Issue 14: a file named .jar that is not a zip fails naming the jar")
        void notAZip() throws Exception {
            Files.writeString(dir.resolve("x.jar"), "text");
            assertThatThrownBy(PluginJarsTest.this::load).isInstanceOf(PluginLoadException.class)
                    .hasMessageStartingWith("Plugin jar " + dir.resolve("x.jar") + " cannot be loaded: not a readable jar");
        }

        @Test
        @DisplayName("Issue 14: a service entry naming a missing class fails naming the jar and the class")
        void missingClass() throws Exception {
            OrdersPlugin.missingClassJar(dir.resolve("gone.jar"));
            assertThatThrownBy(PluginJarsTest.this::load).isInstanceOf(PluginLoadException.class)
                    .hasMessageContaining("Plugin jar " + dir.resolve("gone.jar"))
                    .hasMessageContaining("names com.example.gone.GoneProjection, a class that cannot be found");
        }

        @Test
        @DisplayName("Issue 14: a service class without a public no-argument constructor fails naming the jar")
        void noNoArgumentConstructor() throws Exception {
            OrdersPlugin.badServiceJar(dir.resolve("bad.jar"), "dev.replay.readers.upcast.Upcaster", "com.example.bad.NeedsArgument");
            assertThatThrownBy(PluginJarsTest.this::load).isInstanceOf(PluginLoadException.class)
                    .hasMessageContaining("Plugin jar " + dir.resolve("bad.jar"))
                    .hasMessageContaining("com.example.bad.NeedsArgument, which has no public no-argument constructor");
        }

        @Test
        void notAProjection() throws Exception {
            OrdersPlugin.badServiceJar(dir.resolve("bad.jar"), "dev.replay.writers.Projection", "com.example.bad.NotAProjection");
            assertThatThrownBy(PluginJarsTest.this::load).isInstanceOf(PluginLoadException.class)
                    .hasMessageContaining("com.example.bad.NotAProjection, which does not implement dev.replay.writers.Projection");
        }
    }

    @Nested
    class Directory {

        @Test
        void commandLineBeforeEnvironmentBeforeDefault() {
            assertThat(PluginsDirectory.resolve(new String[] {"--replay.plugins.dir=/opt/p"}, Map.of("REPLAY_PLUGINS_DIR", "/env")))
                    .isEqualTo(Path.of("/opt/p"));
            assertThat(PluginsDirectory.resolve(new String[0], Map.of("REPLAY_PLUGINS_DIR", "/env"))).isEqualTo(Path.of("/env"));
            assertThat(PluginsDirectory.resolve(new String[0], Map.of())).isEqualTo(Path.of("plugins"));
        }
    }
}
