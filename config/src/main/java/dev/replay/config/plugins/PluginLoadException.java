package dev.replay.config.plugins;

import dev.replay.config.InvalidConfigurationException;
import java.nio.file.Path;

/** A plugin jar that cannot be loaded, named with the reason; the command line exits 2 on it. */
public class PluginLoadException extends InvalidConfigurationException {

    PluginLoadException(Path jar, String reason) {
        super("Plugin jar " + jar + " cannot be loaded: " + reason);
    }

    PluginLoadException(Path jar, String reason, Throwable cause) {
        super("Plugin jar " + jar + " cannot be loaded: " + reason, cause);
    }
}
