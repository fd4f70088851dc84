package dev.replay.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.UrlResource;

/**
 * The platform's defaults ({@code application.yml}, and {@code application-serve.yml} under the
 * {@code serve} profile, of the {@code replay-config} jar itself) as the last, lowest property
 * sources. An application that embeds the platform usually has an {@code application.yml} of its
 * own, which hides the platform's (Spring Boot reads one file per name and location): without
 * this the hot store's migrations, the Spring Batch tables and the {@code replay.*} defaults would
 * be missing. Every value of the application's own configuration still wins. In the runnable jar
 * the same files are read as usual as well; this adds nothing they do not already say.
 */
public class PlatformDefaults implements EnvironmentPostProcessor, Ordered {

    private static final String SELF = "dev/replay/config/PlatformDefaults.class";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String root = jarRoot();
        if (Arrays.asList(environment.getActiveProfiles()).contains("serve")) {
            addLast(environment, root + "application-serve.yml"); // before the base file: it overrides it
        }
        addLast(environment, root + "application.yml");
    }

    /** After the application's own configuration files have been read, so the profiles are known. */
    @Override
    public int getOrder() {
        return ConfigDataEnvironmentPostProcessor.ORDER + 1;
    }

    private static void addLast(ConfigurableEnvironment environment, String url) {
        try {
            new YamlPropertySourceLoader().load("replay platform defaults [" + url + "]", new UrlResource(url))
                    .forEach(environment.getPropertySources()::addLast);
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to read the platform's defaults " + url, e);
        }
    }

    /** Where this class was loaded from (a directory, a jar, a jar nested in the runnable jar), ending in '/'. */
    private static String jarRoot() {
        String self = PlatformDefaults.class.getClassLoader().getResource(SELF).toString();
        return self.substring(0, self.length() - SELF.length());
    }
}
