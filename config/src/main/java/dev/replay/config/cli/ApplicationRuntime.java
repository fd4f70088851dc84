package dev.replay.config.cli;

import dev.replay.config.ReplayApplication;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * Starts the Spring Boot application on first use, so that commands which need no database
 * (help, bad usage) answer without starting one, and closes it when the command is done.
 *
 * <p>Not thread-safe; one command line owns one runtime.
 */
public final class ApplicationRuntime implements AutoCloseable {

    private final String[] springArgs;
    private ConfigurableApplicationContext context;
    private boolean serve;
    private boolean adopting;
    private final List<String> defaults = new ArrayList<>();

    ApplicationRuntime(String[] springArgs) {
        this.springArgs = springArgs.clone();
    }

    /**
     * Makes the context, when it starts, the long-running {@code serve} application: a servlet web
     * server and the {@code serve} profile (schedules, dashboard, API, metrics). Other commands
     * start no web server and none of that.
     *
     * @throws IllegalStateException when the context has already started
     */
    ApplicationRuntime serving() {
        if (context != null) {
            throw new IllegalStateException("serving() must come before the context starts");
        }
        serve = true;
        return this;
    }

    /**
     * Starts the context, when it starts, for {@code adopt}: a mapped hot store table that is not
     * adopted yet is no error then (its columns are still checked).
     *
     * @throws IllegalStateException when the context has already started
     */
    ApplicationRuntime adopting() {
        if (context != null) {
            throw new IllegalStateException("adopting() must come before the context starts");
        }
        adopting = true;
        return this;
    }

    /**
     * Adds default properties ({@code name=value}, below every configured source) to the context, when it starts.
     *
     * @throws IllegalStateException when the context has already started
     */
    ApplicationRuntime withDefaults(List<String> properties) {
        if (context != null) {
            throw new IllegalStateException("withDefaults() must come before the context starts");
        }
        defaults.addAll(properties);
        return this;
    }

    /** The application context, started with the Spring arguments of the command line. */
    public ConfigurableApplicationContext context() {
        if (context == null) {
            String[] database = {"the embedded PostgreSQL"};
            try {
                context = new SpringApplicationBuilder(ReplayApplication.class)
                        .web(serve ? WebApplicationType.SERVLET : WebApplicationType.NONE)
                        .profiles(serve ? new String[] {"serve"} : new String[0])
                        .bannerMode(Banner.Mode.OFF)
                        .logStartupInfo(false)
                        .properties(adopting ? "replay.hot.check-adopted=false" : "replay.hot.check-adopted=true")
                        .properties(defaults.toArray(String[]::new))
                        .listeners((ApplicationListener<ApplicationFailedEvent>) failed -> {
                            if (failed.getApplicationContext() != null) {
                                database[0] = describeDatabase(failed.getApplicationContext().getEnvironment());
                            }
                        })
                        .run(springArgs);
            } catch (RuntimeException e) {
                throw new StartupException(database[0], e);
            }
        }
        return context;
    }

    /** The configured database without user info or query parameters, which may carry secrets. */
    private static String describeDatabase(Environment environment) {
        String url = environment.getProperty("spring.datasource.url");
        if (url == null || url.isBlank()) {
            return "the embedded PostgreSQL";
        }
        int query = url.indexOf('?');
        return (query < 0 ? url : url.substring(0, query)).replaceFirst("//[^/@]*@", "//");
    }

    public <T> T bean(Class<T> type) {
        return context().getBean(type);
    }

    @Override
    public void close() {
        if (context != null) {
            context.close();
        }
    }
}
