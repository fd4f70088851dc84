package dev.replay.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * The packaged application in its own JVM, as a user or a scheduler runs it, for tests that
 * kill it: output collected line by line, waits with a deadline, SIGKILL. A process armed with a
 * failpoint also loads the tests' binding from {@link #FAILPOINTS}; the jar alone ignores failpoints.
 */
public final class ReplayProcess implements AutoCloseable {

    static final Path JAR = Path.of("target", "replay.jar");
    /** The tests' {@code Failpoints} binding ({@code CrashingFailpoints}), made from the test classes by the build. */
    static final Path FAILPOINTS = Path.of("target", "replay-failpoints.jar");
    private static final String FAILPOINT_PROPERTY = "replay.failpoint";
    // the launcher that reads loader.path (the jar's own JarLauncher ignores it)
    private static final String PROPERTIES_LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private ReplayProcess(Process process) {
        this.process = process;
        Thread pump = new Thread(this::collect, "replay-process-output");
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * Starts {@code java [jvmArgs] -jar replay.jar [args]} in {@code workDir}. A process armed with
     * {@code -Dreplay.failpoint=...} among {@code jvmArgs} gets the tests' failpoints binding
     * ({@link #FAILPOINTS}) on its class path as well, through Spring Boot's {@code PropertiesLauncher}.
     */
    public static ReplayProcess start(Path workDir, List<String> jvmArgs, String... args) throws IOException {
        return start(workDir, jvmArgs, Map.of(), args);
    }

    /** As {@link #start(Path, List, String...)}, with {@code environment} added to the inherited variables. */
    public static ReplayProcess start(Path workDir, List<String> jvmArgs, Map<String, String> environment, String... args)
            throws IOException {
        boolean armed = jvmArgs.stream().anyMatch(arg -> arg.startsWith("-D" + FAILPOINT_PROPERTY + "="));
        return start(workDir, command(jvmArgs, armed, args), environment);
    }

    /** {@code java [jvmArgs] -jar replay.jar [args]} as shipped: never with the tests' failpoints binding. */
    public static ReplayProcess startAsShipped(Path workDir, List<String> jvmArgs, String... args) throws IOException {
        return start(workDir, command(jvmArgs, false, args), Map.of());
    }

    private static ReplayProcess start(Path workDir, List<String> command, Map<String, String> environment)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        return new ReplayProcess(builder.start());
    }

    private static List<String> command(List<String> jvmArgs, boolean armed, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        if (armed) {
            assertThat(FAILPOINTS).as("the failpoints jar, made by 'mvn verify' before the ITs").exists();
            command.addAll(List.of("-Dloader.path=" + FAILPOINTS.toAbsolutePath(), "-cp", JAR.toAbsolutePath().toString(),
                    PROPERTIES_LAUNCHER));
        } else {
            command.addAll(List.of("-jar", JAR.toAbsolutePath().toString()));
        }
        command.addAll(List.of(args));
        return command;
    }

    private void collect() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
        } catch (IOException ignored) {
            // the process was killed; what was read is kept
        }
    }

    /** Waits until a line of output contains {@code text}. */
    public void awaitLine(String text, Duration timeout) {
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(50))
                .alias("a line with '" + text + "' in: " + lines)
                .until(() -> lines.stream().anyMatch(line -> line.contains(text)) || !process.isAlive());
        assertThat(output()).as("output of a process that exited %s", process.isAlive() ? "-" : process.exitValue())
                .contains(text);
    }

    /** SIGKILL: no shutdown hook runs, no transaction commits. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    public int waitForExit(Duration timeout) throws InterruptedException {
        assertThat(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)).as("exited in time: %s", output()).isTrue();
        return process.exitValue();
    }

    public String output() {
        return String.join("\n", lines);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
