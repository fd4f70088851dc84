package dev.replay.config.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.config.ReplayProcess;
import dev.replay.readers.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve} bound to a non-loopback address: refused without credentials, and requiring them with. */
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

    @Test
    void requiresBasicCredentialsOrTheTokenForTheApiAndLaunches() throws Exception {
        try (ServeProcess serve = ServeProcess.start(workDir.resolve("serve"), database.jdbcUrl(), "--server.address=0.0.0.0",
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
