package dev.replay.config.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.readers.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve} with a {@code {bcrypt}} hash as {@code replay.serve.password}, the hash made by htpasswd. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServeBcryptPasswordIT {

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
    @DisplayName("Issue 16: serve with a {bcrypt} password accepts the right password and refuses a wrong one")
    void acceptsTheRightPasswordAndRefusesAWrongOne() throws Exception {
        String hash = "{bcrypt}" + ConfiguredPasswordTest.HTPASSWD_HASH; // htpasswd -nbBC 10 ops 'correct horse battery'
        try (ServeProcess serve = ServeProcess.start(workDir, database.jdbcUrl(), "--server.address=127.0.0.1",
                "--replay.serve.username=ops", "--replay.serve.password=" + hash)) {
            assertThat(serve.get("/api/executions").statusCode()).isEqualTo(401);
            assertThat(serve.authorization(basic("ops", "correct horse batter")).get("/api/executions").statusCode())
                    .isEqualTo(401);
            assertThat(serve.authorization(basic("ops", hash)).get("/api/executions").statusCode()).isEqualTo(401);
            assertThat(serve.authorization(basic("ops", "correct horse battery")).get("/api/executions").statusCode())
                    .isEqualTo(200);
            assertThat(serve.get("/api/schedules").statusCode()).isEqualTo(200);
        }
    }
}
