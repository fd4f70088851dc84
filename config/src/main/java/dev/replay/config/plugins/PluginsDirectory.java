package dev.replay.config.plugins;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the plugin jars are: {@code replay.plugins.dir}, read before the Spring context starts (the
 * context's class loader depends on it), from the command line ({@code --replay.plugins.dir=...}),
 * then a system property ({@code -Dreplay.plugins.dir=...}), then the environment
 * ({@code REPLAY_PLUGINS_DIR}); default {@value #DEFAULT}, relative to the working directory.
 * An {@code application.yml} cannot set it.
 */
public final class PluginsDirectory {

    public static final String PROPERTY = "replay.plugins.dir";
    public static final String ENVIRONMENT = "REPLAY_PLUGINS_DIR";
    public static final String DEFAULT = "plugins";

    private PluginsDirectory() {
    }

    public static Path resolve(String[] springArgs, Map<String, String> environment) {
        String value = null;
        for (String arg : springArgs) {
            if (arg.startsWith("--" + PROPERTY + "=")) {
                value = arg.substring(PROPERTY.length() + 3); // the last one wins, as in Spring
            }
        }
        if (value == null) {
            value = System.getProperty(PROPERTY);
        }
        if (value == null) {
            value = environment.get(ENVIRONMENT);
        }
        return Path.of(value == null || value.isBlank() ? DEFAULT : value);
    }
}
