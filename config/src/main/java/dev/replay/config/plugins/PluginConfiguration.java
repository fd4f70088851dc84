package dev.replay.config.plugins;

import dev.replay.jobs.rebuild.ProjectionSources;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The projections of the plugin jars' {@code META-INF/services}, for {@code Projections}. The jars
 * themselves are loaded by the command line before the context starts ({@link PluginJars}); a
 * context started otherwise (the platform embedded as a library) has none.
 */
@Configuration(proxyBeanMethods = false)
class PluginConfiguration {

    @Bean
    ProjectionSources pluginProjections(ObjectProvider<PluginJars> plugins) {
        return () -> plugins.stream().flatMap(jars -> jars.projections().stream()).toList();
    }
}
