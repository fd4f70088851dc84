package dev.replay.config.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.config.ReplayProcess;
import dev.replay.config.cli.CliRunner;
import dev.replay.config.cli.CliRunner.Result;
import dev.replay.config.rebuild.AccountBalances;
import dev.replay.readers.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Issue 16, partitioned runs everywhere: a partitioned rebuild launched through serve's API and by a
 * schedule, counted by its execution view and the metrics; refusals as on the command line; failed
 * and killed rebuilds that a newer completed one superseded, shown as such and refused on restart.
 * Ordered: the first launch runs on a database no rebuild has touched, so the metric's value is exact.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServePartitionsIT {

    private static final Pattern REBUILT = Pattern.compile("replay_events_replayed_total\\{[^}]*job=\"rebuild\"[^}]*} (\\S+)");

    @TempDir
    static Path workDir;

    private TestDatabase database;
    private JdbcTemplate jdbc;
    private ServeProcess serve;

    @BeforeAll
    void start() throws Exception {
        database = TestDatabase.create();
        jdbc = new JdbcTemplate(database.dataSource());
        assertThat(CliRunner.against(database.jdbcUrl(), "seed", "--events", "20000", "--accounts", "500").status()).isZero();
        serve = ServeProcess.start(workDir, database.jdbcUrl(), "--replay.rebuild.chunk-size=1000");
    }

    @AfterAll
    void stop() {
        if (serve != null) {
            serve.close();
        }
        database.close();
    }

    private long events() {
        return jdbc.queryForObject("select count(*) from events", Long.class);
    }

    private JsonNode view(long id) throws Exception {
        return ServeIT.json(serve.get("/api/executions/" + id)).get("execution");
    }

    private JsonNode awaitEnd(long id) {
        JsonNode[] last = new JsonNode[1];
        Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .alias("execution " + id + " ends").until(() -> {
                    last[0] = view(id);
                    return !Set.of("STARTING", "STARTED", "STOPPING").contains(last[0].get("status").asString());
                });
        return last[0];
    }

    private long launch(String body) throws Exception {
        HttpResponse<String> launch = serve.post("/api/jobs/rebuild/executions", body);
        assertThat(launch.statusCode()).as(launch.body()).isEqualTo(202);
        return ServeIT.json(launch).get("id").asLong();
    }

    private double rebuiltMetric() throws Exception {
        Matcher matcher = REBUILT.matcher(serve.get("/actuator/prometheus").body());
        assertThat(matcher.find()).isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    @Test
    @Order(1)
    @DisplayName("Issue 16: a partitioned rebuild launched through the API runs exactly; its view and the metric count its partitions")
    void aPartitionedRebuildLaunchedThroughTheApiIsCountedByItsViewAndTheMetric() throws Exception {
        // given
        long events = events();

        // when
        long id = launch("{\"projection\": \"account-balances\", \"partitions\": \"3\"}");

        // then
        JsonNode done = awaitEnd(id);
        assertThat(done.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(AccountBalances.actual(database.dataSource())).isEqualTo(AccountBalances.expected(database.dataSource()));
        assertThat(done.get("partitions").asInt()).isEqualTo(3);
        assertThat(done.get("done").asLong()).isEqualTo(events);
        assertThat(done.get("total").asLong()).isEqualTo(events);
        assertThat(done.get("progress").asDouble()).isEqualTo(1.0);
        assertThat(done.get("readCount").asLong()).isEqualTo(events);
        assertThat(done.get("eventsPerSecond").asLong()).isPositive();
        assertThat(done.get("failureReason").isNull()).isTrue();
        assertThat(done.get("supersededBy").isNull()).isTrue();
        JsonNode steps = ServeIT.json(serve.get("/api/executions/" + id)).get("steps");
        assertThat(StreamSupport.stream(steps.spliterator(), false).map(step -> step.get("stepName").asString())
                .filter(name -> name.startsWith("replay-partition:"))).hasSize(3);
        // the only rebuild this database has seen: the counter is exactly its events, each once
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(rebuiltMetric()).isEqualTo((double) events));
    }

    @Test
    @Order(2)
    @DisplayName("Issue 16: the API refuses partitions for a global projection, a catch-up and a bad value with 400 naming it")
    void partitionsAreRefusedAsOnTheCommandLine() throws Exception {
        HttpResponse<String> global = serve.post("/api/jobs/rebuild/executions",
                "{\"projection\": \"event-counts\", \"partitions\": \"2\"}");
        assertThat(global.statusCode()).isEqualTo(400);
        assertThat(ServeIT.json(global).get("message").asString()).contains("Projection [event-counts] is global")
                .contains("cannot be partitioned");

        HttpResponse<String> catchUp = serve.post("/api/jobs/rebuild/executions",
                "{\"projection\": \"account-balances\", \"mode\": \"catch-up\", \"partitions\": \"2\"}");
        assertThat(catchUp.statusCode()).isEqualTo(400);
        assertThat(ServeIT.json(catchUp).get("message").asString()).contains("mode catch-up").contains("account-balances")
                .contains("cannot be partitioned");

        for (String bad : List.of("0", "-2", "three", "1.5")) {
            HttpResponse<String> refused = serve.post("/api/jobs/rebuild/executions",
                    "{\"projection\": \"account-balances\", \"partitions\": \"" + bad + "\"}");
            assertThat(refused.statusCode()).as(bad).isEqualTo(400);
            assertThat(ServeIT.json(refused).get("message").asString()).as(bad).contains("partitions").contains("'" + bad + "'");
        }
        assertThat(jdbc.queryForObject("select count(*) from batch_job_execution where status <> 'COMPLETED'", Long.class))
                .as("nothing ran").isZero();
    }

    @Test
    @Order(3)
    @DisplayName("Issue 16: a failed rebuild shows its reason and, once its rerun completed, is superseded: restart is refused naming the newer run")
    void aFailedRebuildWhoseRerunCompletedIsSupersededAndRefusedOnRestart() throws Exception {
        // given: a rebuild fails on a version gap, then after the repair a rerun completes it
        BrokenAggregate.append(database.dataSource());
        long failed = launch("{\"projection\": \"event-counts\"}");
        assertThat(awaitEnd(failed).get("status").asString()).isEqualTo("FAILED");
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> // the reason is saved just after the status
                assertThat(view(failed).get("failureReason").asString())
                        .startsWith("Version gap in aggregate Account/" + BrokenAggregate.ID).doesNotContain("\n"));
        assertThat(view(failed).get("supersededBy").isNull()).isTrue();
        BrokenAggregate.repair(database.dataSource());
        long rerun = launch("{\"projection\": \"event-counts\"}");
        assertThat(awaitEnd(rerun).get("status").asString()).isEqualTo("COMPLETED");

        // when
        JsonNode superseded = view(failed);
        HttpResponse<String> restart = serve.post("/api/executions/" + failed + "/restart", "{}");
        Result cli = CliRunner.against(database.jdbcUrl(), "restart", Long.toString(failed));

        // then
        assertThat(superseded.get("supersededBy").asLong()).isEqualTo(rerun);
        assertThat(superseded.get("failureReason").asString()).startsWith("Version gap in aggregate Account/");
        assertThat(view(rerun).get("supersededBy").isNull()).isTrue();
        assertThat(view(rerun).get("failureReason").isNull()).isTrue();
        assertThat(restart.statusCode()).as(restart.body()).isEqualTo(409);
        String message = ServeIT.json(restart).get("message").asString();
        assertThat(message).contains("execution " + failed + " cannot be restarted")
                .contains("superseded by execution " + rerun);
        assertThat(cli.status()).as(cli.err()).isEqualTo(2);
        assertThat(cli.err()).contains(message).doesNotContain("Exception");
        assertThat(view(failed).get("status").asString()).isEqualTo("FAILED");
        Result jobs = CliRunner.against(database.jdbcUrl(), "jobs", "--job", "rebuild");
        assertThat(jobs.out().lines().filter(line -> line.startsWith(failed + " ")))
                .singleElement().asString().contains("FAILED").contains("[superseded by " + rerun + "]")
                .contains("Version gap in aggregate Account/" + BrokenAggregate.ID);
    }

    @Test
    @Order(4)
    @DisplayName("Issue 16: a killed catch-up that a newer partitioned full rebuild superseded is shown so and refused on restart")
    void aKilledCatchUpSupersededByANewerFullRebuildIsRefusedOnRestart() throws Exception {
        // given: new events, a catch-up killed mid-way, then a partitioned full rebuild through the API
        assertThat(CliRunner.against(database.jdbcUrl(), "seed", "--events", "3000", "--accounts", "50", "--seed", "7")
                .status()).isZero();
        long killed = killedCatchUp();
        long newer = launch("{\"projection\": \"account-balances\", \"partitions\": \"4\"}");
        JsonNode completed = awaitEnd(newer);
        assertThat(completed.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(completed.get("done").asLong()).isEqualTo(events());
        assertThat(AccountBalances.actual(database.dataSource())).isEqualTo(AccountBalances.expected(database.dataSource()));

        // when
        JsonNode superseded = view(killed);
        HttpResponse<String> restart = serve.post("/api/executions/" + killed + "/restart", "{}");
        Result cli = CliRunner.against(database.jdbcUrl(), "restart", Long.toString(killed));

        // then
        assertThat(superseded.get("status").asString()).isEqualTo("STARTED"); // as its killed process left it
        assertThat(superseded.get("supersededBy").asLong()).isEqualTo(newer);
        assertThat(superseded.get("failureReason").isNull()).isTrue();
        assertThat(restart.statusCode()).as(restart.body()).isEqualTo(409);
        assertThat(ServeIT.json(restart).get("message").asString()).contains("execution " + killed)
                .contains("superseded by execution " + newer);
        assertThat(cli.status()).as(cli.err()).isEqualTo(2);
        assertThat(cli.err()).contains("execution " + killed).contains("superseded by execution " + newer);
        assertThat(AccountBalances.actual(database.dataSource())).isEqualTo(AccountBalances.expected(database.dataSource()));
    }

    private long killedCatchUp() throws Exception {
        try (ReplayProcess process = ReplayProcess.start(workDir, List.of("-Dreplay.failpoint=rebuild.replay.chunk-written:2"),
                "rebuild", "account-balances", "--catch-up", "--replay.rebuild.chunk-size=500",
                "--spring.datasource.url=" + database.jdbcUrl(), "--spring.datasource.username=postgres",
                "--replay.data-dir=" + workDir.resolve("data"))) {
            process.awaitLine("FAILPOINT rebuild.replay.chunk-written", Duration.ofMinutes(2));
            process.kill();
        }
        return jdbc.queryForObject("select max(job_execution_id) from batch_job_execution", Long.class);
    }

    @Test
    @Order(5)
    @DisplayName("Issue 16: a schedule with a bad partitions value stops serve at start with exit 2 naming it")
    void aScheduleWithBadPartitionsStopsStartUp() {
        Result bad = CliRunner.against(database.jdbcUrl(), "serve", "--server.port=0",
                "--replay.data-dir=" + workDir.resolve("bad"),
                "--replay.schedules.split.cron=0 0 2 * * ?", "--replay.schedules.split.job=rebuild",
                "--replay.schedules.split.projection=account-balances", "--replay.schedules.split.partitions=many");
        Result global = CliRunner.against(database.jdbcUrl(), "serve", "--server.port=0",
                "--replay.data-dir=" + workDir.resolve("bad"),
                "--replay.schedules.split.cron=0 0 2 * * ?", "--replay.schedules.split.job=rebuild",
                "--replay.schedules.split.projection=event-counts", "--replay.schedules.split.partitions=2");

        assertThat(bad.status()).as(bad.out() + bad.err()).isEqualTo(2);
        assertThat(bad.err()).contains("split").contains("partitions").contains("'many'");
        assertThat(global.status()).as(global.out() + global.err()).isEqualTo(2);
        assertThat(global.err()).contains("Projection [event-counts] is global");
    }

    @Test
    @Order(6)
    @DisplayName("Issue 16: a schedule with partitions fires a partitioned rebuild")
    void aScheduleWithPartitionsFiresAPartitionedRebuild() throws Exception {
        // given
        long before = jdbc.queryForObject("select max(job_execution_id) from batch_job_execution", Long.class);
        try (ServeProcess scheduling = ServeProcess.start(workDir.resolve("scheduling"), database.jdbcUrl(),
                "--replay.schedules.split.cron=0/2 * * * * ?", "--replay.schedules.split.job=rebuild",
                "--replay.schedules.split.projection=account-balances", "--replay.schedules.split.partitions=2")) {
            // when
            JsonNode[] fired = new JsonNode[1];
            Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> {
                JsonNode executions = ServeIT.json(scheduling.get("/api/executions?job=rebuild&limit=5"));
                fired[0] = StreamSupport.stream(executions.spliterator(), false)
                        .filter(execution -> execution.get("id").asLong() > before)
                        .filter(execution -> "COMPLETED".equals(execution.get("status").asString()))
                        .findFirst().orElse(null);
                return fired[0] != null;
            });
            scheduling.post("/api/schedules/split/pause", "{}");
            Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> jdbc.queryForObject(
                    "select count(*) from batch_job_execution where status in ('STARTING', 'STARTED')"
                    + " and job_execution_id > ?", Long.class, before) == 0);

            // then
            assertThat(fired[0].get("partitions").asInt()).isEqualTo(2);
            assertThat(fired[0].get("parameters").get("partitions").asString()).isEqualTo("2");
            assertThat(fired[0].get("done").asLong()).isEqualTo(events());
            assertThat(AccountBalances.actual(database.dataSource()))
                    .isEqualTo(AccountBalances.expected(database.dataSource()));
        }
    }
}
