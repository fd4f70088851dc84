package dev.replay.config.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.config.ReplayProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code serve} in its own JVM on a free port, against a test database, with a small HTTP client
 * for its API. Closing it kills the process.
 */
final class ServeProcess implements AutoCloseable {

    private static final Pattern URL = Pattern.compile("dashboard at http://[^:]+:(\\d+)/");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final ReplayProcess process;
    private final int port;
    private String authorization;

    private ServeProcess(ReplayProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts {@code serve --server.port=0} against {@code jdbcUrl} and waits until it listens. */
    static ServeProcess start(Path workDir, String jdbcUrl, String... args) throws Exception {
        return start(workDir, Map.of(), jdbcUrl, args);
    }

    /** As {@link #start(Path, String, String...)}, with {@code environment} added to the inherited variables. */
    static ServeProcess start(Path workDir, Map<String, String> environment, String jdbcUrl, String... args) throws Exception {
        return start(workDir, List.of(), environment, jdbcUrl, args);
    }

    /** As {@link #start(Path, String, String...)}, with JVM options added (e.g. {@code -Dreplay.failpoint=...}, which arms it). */
    static ServeProcess start(Path workDir, List<String> jvmArgs, String jdbcUrl, String... args) throws Exception {
        return start(workDir, jvmArgs, Map.of(), jdbcUrl, args);
    }

    private static ServeProcess start(Path workDir, List<String> jvmArgs, Map<String, String> environment, String jdbcUrl,
                                      String... args) throws Exception {
        java.nio.file.Files.createDirectories(workDir);
        List<String> all = new ArrayList<>(List.of("serve", "--server.port=0", "--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.username=postgres", "--replay.data-dir=" + workDir.resolve("data")));
        all.addAll(Arrays.asList(args));
        List<String> jvm = new ArrayList<>(List.of("-Xmx512m"));
        jvm.addAll(jvmArgs);
        ReplayProcess process = ReplayProcess.start(workDir, jvm, environment, all.toArray(String[]::new));
        try {
            process.awaitLine("dashboard at http://", Duration.ofMinutes(2));
        } catch (AssertionError e) {
            process.close();
            throw e;
        }
        Matcher matcher = URL.matcher(process.output());
        assertThat(matcher.find()).as(process.output()).isTrue();
        return new ServeProcess(process, Integer.parseInt(matcher.group(1)));
    }

    /** A client of the same process on another of its ports (a management port of its own); closing it is not needed. */
    ServeProcess withPort(int otherPort) {
        return new ServeProcess(process, otherPort);
    }

    ServeProcess authorization(String header) {
        this.authorization = header;
        return this;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    HttpResponse<String> get(String path) throws Exception {
        return send(request(path).GET());
    }

    HttpResponse<String> post(String path, String json) throws Exception {
        return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30));
    }

    String output() {
        return process.output();
    }

    @Override
    public void close() {
        process.close();
    }
}
