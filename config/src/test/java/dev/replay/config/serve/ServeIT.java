package dev.replay.config.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.config.cli.CliRunner;
import dev.replay.readers.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code serve}'s REST API, health and metrics end to end, against one serve process. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServeIT {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path workDir;

    private TestDatabase database;
    private ServeProcess serve;

    @BeforeAll
    void start() throws Exception {
        database = TestDatabase.create();
        assertThat(CliRunner.against(database.jdbcUrl(), "seed", "--events", "20000", "--accounts", "500").status()).isZero();
        serve = ServeProcess.start(workDir, database.jdbcUrl(),
                "--replay.schedules.nightly-balances.cron=0 0 2 * * ?",
                "--replay.schedules.nightly-balances.job=rebuild",
                "--replay.schedules.nightly-balances.projection=account-balances",
                "--spring.datasource.password=hunter2-not-for-your-eyes", "--acme.api.token=hunter2-also-secret");
    }

    @AfterAll
    void stop() {
        if (serve != null) {
            serve.close();
        }
        database.close();
    }

    static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    private JsonNode awaitEnd(long id) {
        JsonNode[] last = new JsonNode[1];
        Awaitility.await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                .alias("execution " + id + " ends").until(() -> {
                    last[0] = json(serve.get("/api/executions/" + id)).get("execution");
                    return !Set.of("STARTING", "STARTED", "STOPPING").contains(last[0].get("status").asString());
                });
        return last[0];
    }

    @Nested
    class Executions {

        @Test
        void aRebuildLaunchedThroughTheApiAnswers202AndCompletes() throws Exception {
            // when
            HttpResponse<String> launch = serve.post("/api/jobs/rebuild/executions", "{\"projection\": \"account-balances\"}");

            // then
            assertThat(launch.statusCode()).as(launch.body()).isEqualTo(202);
            long id = json(launch).get("id").asLong();
            assertThat(launch.headers().firstValue("Location")).hasValue("/api/executions/" + id);
            JsonNode done = awaitEnd(id);
            assertThat(done.get("status").asString()).isEqualTo("COMPLETED");
            assertThat(done.get("readCount").asLong()).isEqualTo(20_000);
            assertThat(done.get("progress").asDouble()).isEqualTo(1.0);
            JsonNode detail = json(serve.get("/api/executions/" + id));
            assertThat(detail.get("steps")).extracting(step -> step.get("stepName").asString())
                    .containsExactly("prepare", "replay", "finish");
            assertThat(json(serve.get("/api/executions?job=rebuild&limit=5")))
                    .extracting(execution -> execution.get("id").asLong()).contains(id);
        }

        @Test
        void aFailedRebuildShowsItsReasonAndRestartsAfterTheFix() throws Exception {
            // given
            BrokenAggregate.append(database.dataSource());
            long failed = json(serve.post("/api/jobs/rebuild/executions", "{\"projection\": \"event-counts\"}")).get("id").asLong();
            assertThat(awaitEnd(failed).get("status").asString()).isEqualTo("FAILED");
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> // the reason is saved just after the status
                    assertThat(json(serve.get("/api/executions/" + failed)).get("execution").get("exitMessage").asString())
                            .contains("Version gap in aggregate Account/" + BrokenAggregate.ID));

            // when
            BrokenAggregate.repair(database.dataSource());
            HttpResponse<String> restart = serve.post("/api/executions/" + failed + "/restart", "{}");

            // then
            assertThat(restart.statusCode()).as(restart.body()).isEqualTo(202);
            long restarted = json(restart).get("id").asLong();
            assertThat(restarted).isGreaterThan(failed);
            assertThat(awaitEnd(restarted).get("status").asString()).isEqualTo("COMPLETED");
            assertThat(serve.post("/api/executions/" + restarted + "/restart", "{}").statusCode()).isEqualTo(409);
        }

        @Test
        @DisplayName("Issue 12 defect 1: an export launched through the API into the archive is refused with 409 naming it")
        void anExportIntoTheArchiveIsRefusedWith409() throws Exception {
            // given
            Path events = workDir.resolve("data").resolve("archive").resolve("events");

            // when
            HttpResponse<String> launch = serve.post("/api/jobs/export/executions", "{\"out\": \"" + events
                    + "\", \"format\": \"parquet\", \"overwrite\": \"true\"}");

            // then
            assertThat(launch.statusCode()).as(launch.body()).isEqualTo(409);
            assertThat(json(launch).get("message").asString()).contains("out " + events)
                    .contains("lies inside the archive (replay.archive.uri)");
        }

        @Test
        void badRequestsAre400WithAMessageAndUnknownIds404() throws Exception {
            HttpResponse<String> unknownProjection = serve.post("/api/jobs/rebuild/executions", "{\"projection\": \"nope\"}");
            assertThat(unknownProjection.statusCode()).isEqualTo(400);
            assertThat(json(unknownProjection).get("message").asString()).contains("nope");
            HttpResponse<String> badParameter = serve.post("/api/jobs/archive/executions", "{\"older-than\": \"soon\"}");
            assertThat(badParameter.statusCode()).isEqualTo(400);
            assertThat(json(badParameter).get("message").asString()).contains("older-than").contains("soon");
            assertThat(serve.post("/api/jobs/rebuild/executions", "{\"projection\": \"x\", \"colour\": \"red\"}").statusCode())
                    .isEqualTo(400);
            assertThat(serve.post("/api/jobs/rebuild/executions", "not json").statusCode()).isEqualTo(400);
            assertThat(serve.get("/api/executions/987654").statusCode()).isEqualTo(404);
            assertThat(serve.post("/api/executions/987654/stop", "{}").statusCode()).isEqualTo(404);
            assertThat(serve.post("/api/jobs/reboot/executions", "{}").statusCode()).isEqualTo(404);
            assertThat(serve.send(serve.request("/api/jobs/rebuild/executions")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("projection=account-balances"))).statusCode())
                    .as("a form post, as a cross-site page could send").isEqualTo(415);
        }
    }

    @Nested
    class Schedules {

        @Test
        void listsASchedulePausesAndResumesIt() throws Exception {
            JsonNode schedule = json(serve.get("/api/schedules/nightly-balances"));
            assertThat(schedule.get("cron").asString()).isEqualTo("0 0 2 * * ?");
            assertThat(schedule.get("state").asString()).isEqualTo("NORMAL");
            assertThat(schedule.get("nextFireTime").asString()).endsWith("T02:00:00Z");

            assertThat(json(serve.post("/api/schedules/nightly-balances/pause", "{}")).get("state").asString()).isEqualTo("PAUSED");
            assertThat(json(serve.get("/api/schedules")).get(0).get("state").asString()).isEqualTo("PAUSED");
            assertThat(json(serve.post("/api/schedules/nightly-balances/resume", "{}")).get("state").asString()).isEqualTo("NORMAL");
            assertThat(serve.post("/api/schedules/weekly/pause", "{}").statusCode()).isEqualTo(404);
        }
    }

    @Nested
    class Actuator {

        @Test
        void healthCoversTheDatabaseAndTheArchive() throws Exception {
            JsonNode health = json(serve.get("/actuator/health"));
            assertThat(health.get("status").asString()).isEqualTo("UP");
            assertThat(health.get("components").get("db").get("status").asString()).isEqualTo("UP");
            assertThat(health.get("components").get("archive").get("status").asString()).isEqualTo("UP");
        }

        @Test
        void prometheusHasSpringBatchAndThePlatformsMetrics() throws Exception {
            serve.post("/api/jobs/rebuild/executions", "{\"projection\": \"event-counts\"}");
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(serve.get("/actuator/prometheus").body()).contains("spring_batch_job")
                            .contains("replay_events_replayed_total{job=\"rebuild\"}").contains("replay_hotstore_rows")
                            .contains("replay_archive_bytes").contains("replay_events_archived_total"));
        }

        @Test
        void envAndConfigPropsMaskSecrets() throws Exception {
            String env = serve.get("/actuator/env").body();
            assertThat(env).contains("spring.datasource.password").contains("acme.api.token").doesNotContain("hunter2");
            assertThat(serve.get("/actuator/configprops").body()).doesNotContain("hunter2");
        }
    }
}
