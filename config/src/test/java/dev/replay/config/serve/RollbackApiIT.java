package dev.replay.config.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.config.cli.CliRunner;
import dev.replay.config.cli.CliRunner.Result;
import dev.replay.readers.testing.TestDatabase;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code POST /api/projections/{name}/rollback} of {@code serve}. */
class RollbackApiIT {

    @TempDir
    Path dir;

    @Test
    @DisplayName("Issue 16: REST rollback answers 200 with the builds and the mark, 409 without a kept copy,"
            + " 404 for an unknown projection, 400 when keep-copies is 0, 415 for a form post")
    void rollsBackOverRest() throws Exception {
        try (TestDatabase database = TestDatabase.create()) {
            JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
            assertThat(CliRunner.against(database.jdbcUrl(), "seed", "--events", "2000", "--accounts", "50").status()).isZero();
            for (int i = 0; i < 2; i++) {
                Result rebuild = CliRunner.against(database.jdbcUrl(), "rebuild", "account-balances",
                        "--replay.rebuild.keep-copies=1");
                assertThat(rebuild.status()).as(rebuild.err()).isZero();
            }
            String firstMark = jdbc.queryForObject("select high_water_mark from projection_build where build = 1", String.class);

            try (ServeProcess serve = ServeProcess.start(dir.resolve("keeping"), database.jdbcUrl(),
                    "--replay.rebuild.keep-copies=1")) {
                HttpResponse<String> rollback = post(serve, "/api/projections/account-balances/rollback");
                assertThat(rollback.statusCode()).as(rollback.body()).isEqualTo(200);
                JsonNode body = JsonMapper.builder().build().readTree(rollback.body());
                assertThat(body.get("name").asString()).isEqualTo("account-balances");
                assertThat(body.get("liveBuild").asLong()).isEqualTo(1);
                assertThat(body.get("previousBuild").asLong()).isEqualTo(2);
                assertThat(body.get("highWaterMark").asString()).isEqualTo(firstMark);

                HttpResponse<String> again = post(serve, "/api/projections/account-balances/rollback");
                assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
                assertThat(again.body()).contains("no kept copy older than live build 1");

                HttpResponse<String> forward = post(serve, "/api/projections/account-balances/rollback?build=2");
                assertThat(forward.statusCode()).as(forward.body()).isEqualTo(200);
                assertThat(forward.body()).contains("\"liveBuild\":2");

                assertThat(post(serve, "/api/projections/no-such/rollback").statusCode()).isEqualTo(404);
                assertThat(serve.send(serve.request("/api/projections/account-balances/rollback")
                        .POST(HttpRequest.BodyPublishers.ofString("build=1"))).statusCode())
                        .as("a form post, as a cross-site page could send").isEqualTo(415);
            }
            try (ServeProcess serve = ServeProcess.start(dir.resolve("none"), database.jdbcUrl())) {
                HttpResponse<String> refused = post(serve, "/api/projections/account-balances/rollback");
                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
                assertThat(refused.body()).contains("replay.rebuild.keep-copies is 0");
            }
        }
    }

    private static HttpResponse<String> post(ServeProcess serve, String path) throws Exception {
        return serve.send(serve.request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.noBody()));
    }
}
