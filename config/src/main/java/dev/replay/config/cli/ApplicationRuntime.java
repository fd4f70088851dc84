package dev.replay.config.cli;

import dev.replay.config.ReplayApplication;
import dev.replay.config.plugins.PluginJars;
import dev.replay.config.plugins.PluginsDirectory;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * Starts the Spring Boot application on first use, so that commands which need no database
 * (help, bad usage) answer without starting one, and closes it when the command is done.
 *
 * <p>Plugin jars: before the context starts, the jars of {@code replay.plugins.dir} are loaded
 * ({@link PluginJars}); their class loader becomes the context's and the thread's context class
 * loader (threads the jobs start inherit it), so that Boot finds the jars' auto-configurations, and
 * the loaded jars become a bean for their {@code META-INF/services} projections and upcasters. A
 * start that fails in a plugin's code fails naming the jar.
 *
 * <p>Not thread-safe; one command line owns one runtime.
 */
public final class ApplicationRuntime implements AutoCloseable {

    private final Class<?> application;
    private final String[] springArgs;
    private ConfigurableApplicationContext context;
    private PluginJars plugins;
    private ClassLoader previousContextClassLoader;
    private boolean serve;
    private boolean adopting;
    private final List<String> defaults = new ArrayList<>();

    ApplicationRuntime(String[] springArgs) {
        this(ReplayApplication.class, springArgs);
    }

    /** {@code application}: the Spring Boot application to start, the runnable jar's or a user's own. */
    ApplicationRuntime(Class<?> application, String[] springArgs) {
        this.application = application;
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
            if (plugins == null) {
                loadPlugins();
            }
            try {
                context = new SpringApplicationBuilder(application)
                        .resourceLoader(new DefaultResourceLoader(plugins.classLoader()))
                        .initializers(starting -> starting.getBeanFactory().registerSingleton(PluginJars.BEAN, plugins))
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
                StartupException startup = new StartupException(database[0], e);
                // a configuration error names its own culprit; otherwise a failure in a plugin's code names the jar
                throw FailureHandler.statusOf(startup) == ReplayCli.USAGE ? startup
                        : plugins.blame(e).map(RuntimeException.class::cast).orElse(startup);
            }
        }
        return context;
    }

    private void loadPlugins() {
        plugins = PluginJars.load(PluginsDirectory.resolve(springArgs, System.getenv()),
                ApplicationRuntime.class.getClassLoader());
        previousContextClassLoader = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(plugins.classLoader());
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
        if (plugins != null) {
            Thread.currentThread().setContextClassLoader(previousContextClassLoader);
            plugins.close();
        }
    }
}
