package dev.replay.config.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.config.plugins.OrdersPlugin;
import dev.replay.readers.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code GET /api/projections} of {@code serve}, with a plugin jar in its working directory's {@code plugins/}. */
class ProjectionsApiIT {

    @TempDir
    Path dir;

    @Test
    @DisplayName("Issue 14: GET /api/projections lists every projection as JSON objects, a plugin's with its jar,"
            + " behind serve's credentials")
    void listsProjectionsAsJson() throws Exception {
        OrdersPlugin.servicesJar(dir.resolve("plugins").resolve("orders.jar"), OrdersPlugin.TOTALS);
        try (TestDatabase database = TestDatabase.create();
             ServeProcess serve = ServeProcess.start(dir, database.jdbcUrl(),
                     "--replay.serve.username=ops", "--replay.serve.password=correct-horse")) {
            assertThat(serve.get("/api/projections").statusCode()).isEqualTo(401);

            HttpResponse<String> response = serve.authorization("Basic " + Base64.getEncoder()
                    .encodeToString("ops:correct-horse".getBytes(StandardCharsets.UTF_8))).get("/api/projections");

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode projections = JsonMapper.builder().build().readTree(response.body());
            assertThat(projections.isArray()).as(response.body()).isTrue();
            JsonNode orders = find(projections, OrdersPlugin.TOTALS);
            assertThat(orders.get("source").asString()).isEqualTo("orders.jar");
            assertThat(orders.get("eventTypes").toString()).isEqualTo("[\"OrderCancelled\",\"OrderPlaced\"]");
            assertThat(orders.get("perAggregate").asBoolean()).isTrue();
            assertThat(orders.get("liveBuild").isNull()).isTrue();
            assertThat(find(projections, "account-balances").get("source").asString()).isEqualTo("built-in");
        }
    }

    private static JsonNode find(JsonNode projections, String name) {
        for (JsonNode projection : projections) {
            if (projection.get("name").asString().equals(name)) {
                return projection;
            }
        }
        throw new AssertionError("no projection " + name + " in " + projections);
    }
}
