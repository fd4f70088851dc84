package dev.replay.config.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.config.ReplayProcess;
import dev.replay.readers.testing.TestDatabase;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} on a non-loopback address: refused without credentials (before anything binds), and
 * requiring them with. Servers in these tests bind 127.0.0.1 only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServeSecurityIT {

    @TempDir
    Path workDir;

    private TestDatabase database;

    @BeforeAll
    void database() {
        database = TestDatabase.create();
    }

    @AfterAll
    void close() {
        database.close();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void refusesToStartOnANonLocalAddressWithoutCredentials() throws Exception {
        try (ReplayProcess process = ReplayProcess.start(workDir, List.of(), "serve", "--server.address=0.0.0.0",
                "--server.port=0", "--spring.datasource.url=" + database.jdbcUrl(), "--spring.datasource.username=postgres")) {
            assertThat(process.waitForExit(Duration.ofMinutes(2))).isEqualTo(2);
            assertThat(process.output()).contains("server.address=0.0.0.0 is not a loopback address")
                    .contains("replay.serve.username").doesNotContain("dashboard at");
        }
    }

    /** Starts serve without credentials and expects the refusal (before anything binds) naming {@code named}. */
    private void assertRefused(Map<String, String> environment, String named, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("serve", "--server.port=0", "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=postgres", "--replay.data-dir=" + workDir.resolve("data")));
        all.addAll(List.of(args));
        try (ReplayProcess process = ReplayProcess.start(workDir, List.of(), environment, all.toArray(String[]::new))) {
            assertThat(process.waitForExit(Duration.ofMinutes(2))).as(process.output()).isEqualTo(2);
            assertThat(process.output()).contains(named + " is not a loopback address").contains("replay.serve.username")
                    .doesNotContain("dashboard at").doesNotContain("\tat ");
        }
    }

    private static int freeLoopbackPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    @DisplayName("Issue 12 defect 7: an empty server.address without credentials refuses to start")
    void refusesAnEmptyServerAddressWithoutCredentials() throws Exception {
        assertRefused(Map.of(), "server.address= (empty: every network interface)", "--server.address=");
    }

    @Test
    @DisplayName("Issue 12 defect 7: an empty SERVER_ADDRESS without credentials refuses to start")
    void refusesAnEmptyServerAddressFromTheEnvironment() throws Exception {
        assertRefused(Map.of("SERVER_ADDRESS", ""), "server.address= (empty: every network interface)");
    }

    @Test
    @DisplayName("Issue 12 defect 7: an IPv6 wildcard server.address without credentials refuses to start")
    void refusesTheIpv6Wildcard() throws Exception {
        assertRefused(Map.of(), "server.address=[::]", "--server.address=[::]");
    }

    @Test
    @DisplayName("Issue 12 defect 7: a management port on a non-loopback address without credentials refuses to start")
    void refusesAManagementServerOnANonLoopbackAddressWithoutCredentials() throws Exception {
        int port = freeLoopbackPort();
        assertRefused(Map.of(), "management.server.address=0.0.0.0", "--management.server.port=" + port,
                "--management.server.address=0.0.0.0");
        assertRefused(Map.of(), "management.server.address= (empty: every network interface)",
                "--management.server.port=" + port, "--management.server.address=");
    }

    @Test
    @DisplayName("Issue 12 defect 7: the endpoints of a management port of its own require the credentials")
    void protectsTheEndpointsOfASeparateManagementPort() throws Exception {
        int managementPort = freeLoopbackPort();
        try (ServeProcess serve = ServeProcess.start(workDir.resolve("management"), database.jdbcUrl(),
                "--replay.serve.username=ops", "--replay.serve.password=correct-horse",
                "--management.server.port=" + managementPort, "--management.server.address=127.0.0.1")) {
            ServeProcess management = serve.withPort(managementPort);
            Awaitility.await().atMost(Duration.ofMinutes(1)).ignoreExceptions()
                    .until(() -> management.get("/actuator/health").statusCode() == 200);
            assertThat(management.get("/actuator/prometheus").statusCode()).isEqualTo(401);
            assertThat(management.get("/actuator/env").statusCode()).isEqualTo(401);
            assertThat(management.authorization(basic("ops", "correct-horse")).get("/actuator/prometheus").statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    @DisplayName("Issue 12 review: /actuator/env masks secrets")
    void actuatorEnvMasksSecrets() throws Exception {
        // given: secrets on the command line (one holding a space), in SPRING_APPLICATION_JSON and in the environment
        Map<String, String> environment = Map.of(
                "SPRING_APPLICATION_JSON", "{\"acme\":{\"client\":{\"secret\":\"S3CRET-JSON\"}}}",
                "ACME_ENCRYPTION_KEY", "S3CRET-ENV");
        try (ServeProcess serve = ServeProcess.start(workDir.resolve("env"), environment, database.jdbcUrl(),
                "--replay.serve.username=ops", "--replay.serve.password=S3CRET-SERVE",
                "--spring.datasource.password=S3CRET-DB", "--replay.archive.s3a.access-key=S3CRET-AK",
                "--replay.archive.s3a.secret-key=S3CRET-S3",
                "--replay.archive.s3a.properties[fs.s3a.encryption.key]=S3CRET-ENC", "--acme.api.token=S3CRET-A S3CRET-B")) {
            serve.authorization(basic("ops", "S3CRET-SERVE"));

            // when
            HttpResponse<String> env = serve.get("/actuator/env");
            HttpResponse<String> command = serve.get("/actuator/env/sun.java.command");
            HttpResponse<String> configprops = serve.get("/actuator/configprops");

            // then
            assertThat(env.statusCode()).isEqualTo(200);
            assertThat(env.body()).contains("sun.java.command").contains("fs.s3a.encryption.key")
                    .contains("SPRING_APPLICATION_JSON").doesNotContain("S3CRET");
            assertThat(command.body()).contains("--replay.archive.s3a.secret-key=******").doesNotContain("S3CRET");
            assertThat(configprops.body()).doesNotContain("S3CRET");
            assertThat(serve.output()).doesNotContain("S3CRET");
        }
    }

    @Test
    void requiresBasicCredentialsOrTheTokenForTheApiAndLaunches() throws Exception {
        // credentials apply on any address; the tests bind loopback only
        try (ServeProcess serve = ServeProcess.start(workDir.resolve("serve"), database.jdbcUrl(), "--server.address=127.0.0.1",
                "--replay.serve.username=ops", "--replay.serve.password=correct-horse", "--replay.serve.token=tok-123")) {
            // anonymous: only health
            assertThat(serve.get("/api/executions").statusCode()).isEqualTo(401);
            assertThat(serve.get("/api/executions").headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    value -> assertThat(value).startsWith("Basic"));
            assertThat(serve.get("/").statusCode()).isEqualTo(401);
            assertThat(serve.post("/api/jobs/rebuild/executions", "{\"projection\": \"account-balances\"}").statusCode())
                    .isEqualTo(401);
            assertThat(serve.get("/actuator/prometheus").statusCode()).isEqualTo(401);
            assertThat(serve.get("/actuator/health").statusCode()).isEqualTo(200);
            // wrong credentials
            assertThat(serve.authorization(basic("ops", "wrong")).get("/api/executions").statusCode()).isEqualTo(401);
            assertThat(serve.authorization("Bearer nope").get("/api/executions").statusCode()).isEqualTo(401);
            // right ones
            assertThat(serve.authorization(basic("ops", "correct-horse")).get("/api/executions").statusCode()).isEqualTo(200);
            assertThat(serve.get("/").statusCode()).isEqualTo(200);
            assertThat(serve.authorization("Bearer tok-123").get("/api/schedules").statusCode()).isEqualTo(200);
            assertThat(serve.post("/api/jobs/rebuild/executions", "{\"projection\": \"account-balances\"}").statusCode())
                    .isEqualTo(202);
            assertThat(serve.get("/actuator/env").body()).doesNotContain("correct-horse").doesNotContain("tok-123");
            assertThat(serve.output()).doesNotContain("correct-horse").doesNotContain("tok-123");
        }
    }
}
