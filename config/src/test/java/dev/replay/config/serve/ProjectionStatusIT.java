package dev.replay.config.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.config.cli.CliRunner;
import dev.replay.config.cli.CliRunner.Result;
import dev.replay.readers.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.data.Offset;
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
import tools.jackson.databind.json.JsonMapper;

/**
 * Projection status end to end: account-balances rebuilt with skip-invalid over seeded events and
 * three malformed deposits, then {@value #HANDLED} events it handles and {@value #OTHER} it does not
 * appended; the {@code projections} and {@code dead-letters} commands, {@code serve}'s API, gauges and
 * health report the lag and the dead letters exactly, and a catch-up brings the lag to 0.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProjectionStatusIT {

    private static final String PROJECTION = "account-balances";
    private static final int HANDLED = 23;
    private static final int OTHER = 7;
    private static final String BAD_REASON = "amount must be a JSON number or an object with a decimal value, was \"abc\"";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path workDir;

    private TestDatabase database;
    private JdbcTemplate jdbc;
    private ServeProcess serve;
    private final List<UUID> bad = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        database = TestDatabase.create();
        jdbc = new JdbcTemplate(database.dataSource());
        assertThat(cli("seed", "--events", "3000", "--accounts", "60", "--days", "3").status()).isZero();
        Instant at = Instant.parse("2020-01-01T00:00:00Z");
        for (int i = 0; i < 3; i++) {
            insert("Account", "bad-" + i, 1, "AccountOpened", "{\"owner\": \"x\", \"currency\": \"EUR\"}", at);
            bad.add(insert("Account", "bad-" + i, 2, "Deposited", "{\"amount\": \"abc\"}", at.plusSeconds(1)));
        }
        Result rebuild = cli("rebuild", PROJECTION, "--replay.skip-invalid=true");
        assertThat(rebuild.status()).as(rebuild.err()).isZero();
        appendAfterTheRebuild();
        serve = ServeProcess.start(workDir, database.jdbcUrl(), "--replay.serve.username=ops",
                "--replay.serve.password=correct-horse", "--replay.serve.projections.max-lag-events=5",
                "--replay.serve.projections.lag-sample-interval=1s")
                .authorization("Basic " + Base64.getEncoder().encodeToString("ops:correct-horse".getBytes(StandardCharsets.UTF_8)));
    }

    @AfterAll
    void stop() {
        if (serve != null) {
            serve.close();
        }
        database.close();
    }

    /** Each event in a transaction of its own; {@value #HANDLED} of account-balances' types, {@value #OTHER} others. */
    private void appendAfterTheRebuild() {
        Instant now = Instant.now();
        for (int i = 0; i < 10; i++) {
            insert("Account", "lag-" + i, 1, "AccountOpened", "{\"owner\": \"l\", \"currency\": \"EUR\"}", now);
            insert("Account", "lag-" + i, 2, "Deposited", "{\"amount\": 4.00}", now.plusSeconds(1));
        }
        for (int i = 0; i < 3; i++) {
            insert("Account", "lag-" + i, 3, "Withdrawn", "{\"amount\": 1.50}", now.plusSeconds(2));
        }
        for (int i = 0; i < OTHER; i++) {
            insert("Order", "o-" + i, 1, "OrderPlaced", "{\"total\": 1}", now);
        }
    }

    private UUID insert(String type, String id, long version, String eventType, String payload, Instant at) {
        UUID eventId = UUID.randomUUID();
        jdbc.update("insert into events (event_id, aggregate_type, aggregate_id, version, event_type, event_data, occurred_at)"
                + " values (?, ?, ?, ?, ?, ?::jsonb, ?::timestamptz)", eventId, type, id, version, eventType, payload,
                at.toString());
        return eventId;
    }

    private Result cli(String... args) {
        return CliRunner.against(database.jdbcUrl(), args);
    }

    /** The lag by SQL alone: events of the projection's types committed at or after the live mark's upper bound. */
    private long lagBySql() {
        return jdbc.queryForObject("""
                select count(*) from events
                 where event_type in ('AccountOpened', 'Deposited', 'Withdrawn', 'AccountClosed')
                   and tx_id >= (select split_part(high_water_mark, '..', 2) from projection_build
                                  where projection = ? and status = 'live')::xid8
                """, Long.class, PROJECTION);
    }

    private JsonNode projection() throws Exception {
        HttpResponse<String> response = serve.get("/api/projections");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        for (JsonNode node : JSON.readTree(response.body())) {
            if (node.get("name").asString().equals(PROJECTION)) {
                return node;
            }
        }
        throw new AssertionError("no " + PROJECTION + " in " + response.body());
    }

    private JsonNode health() throws Exception {
        return JSON.readTree(serve.get("/actuator/health").body());
    }

    private static double gauge(String scrape, String series) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        assertThat(matcher.find()).as("%s in%n%s", series, scrape).isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    @Test
    @Order(1)
    @DisplayName("Issue 16: lag counts the events appended after the live mark that the projection handles, in the"
            + " projections command and GET /api/projections")
    void lagCountsTheHandledEventsAppendedAfterTheLiveMark() throws Exception {
        assertThat(lagBySql()).isEqualTo(HANDLED);

        Result listing = cli("projections");
        assertThat(listing.status()).as(listing.err()).isZero();
        assertThat(listing.out()).contains(PROJECTION + ": build 1 live since ").contains("lag 23 events, dead letters 3")
                .containsPattern("last full +execution \\d+, build 1, ended ").contains("last catch-up  -")
                .contains("event-counts: never built");
        Result json = cli("projections", "--json");
        assertThat(json.status()).as(json.err()).isZero();
        JsonNode listed = null;
        for (JsonNode node : JSON.readTree(json.out())) {
            listed = node.get("name").asString().equals(PROJECTION) ? node : listed;
        }
        assertThat(listed.get("lagEvents").asLong()).isEqualTo(HANDLED);

        JsonNode api = projection();
        assertThat(api.get("lagEvents").asLong()).isEqualTo(lagBySql());
        assertThat(api.get("liveBuild").asLong()).isEqualTo(1);
        assertThat(api.get("deadLetters").asLong()).isEqualTo(3);
        assertThat(Instant.parse(api.get("liveSince").asString())).isBefore(Instant.now());
        assertThat(api.get("highWaterMark").asString()).isEqualTo(jdbc.queryForObject(
                "select high_water_mark from projection_build where projection = ? and status = 'live'", String.class,
                PROJECTION));
        JsonNode full = api.get("lastFull");
        assertThat(full.get("executionId").asLong()).isEqualTo(jdbc.queryForObject(
                "select max(job_execution_id) from batch_job_execution", Long.class));
        assertThat(full.get("events").asLong()).isEqualTo(jdbc.queryForObject(
                "select count(*) from events where tx_id < ?::xid8", Long.class,
                api.get("highWaterMark").asString().split("\\.\\.")[1]));
        assertThat(full.get("eventsPerSecond").asDouble()).isPositive();
        assertThat(api.get("lastCompletedAt").asString()).isEqualTo(full.get("endedAt").asString());
        assertThat(api.get("lastCatchUp").isNull()).isTrue();
        assertThat(api.get("keptCopies").toString()).isEqualTo("[]");
        assertThat(JSON.readTree(serve.get("/api/projections/nope/runs").body()).get("status").asInt()).isEqualTo(404);
    }

    @Test
    @Order(2)
    @DisplayName("Issue 16: dead-letters lists the dead-lettered events with their reason, on the CLI and the API")
    void deadLettersAreListedWithTheirReason() throws Exception {
        Result letters = cli("dead-letters", "--projection", PROJECTION);
        assertThat(letters.status()).as(letters.err()).isZero();
        List<String> lines = letters.out().lines().skip(1).toList();
        assertThat(lines).hasSize(jdbc.queryForObject("select count(*)::int from replay_dead_letter where projection = ?",
                Integer.class, PROJECTION)).hasSize(bad.size());
        for (UUID id : bad) {
            assertThat(lines).anyMatch(line -> line.contains(id.toString()) && line.contains(BAD_REASON));
        }
        assertThat(cli("dead-letters", "--limit", "2").out().lines().skip(1).count()).isEqualTo(2);
        Result unknown = cli("dead-letters", "--projection", "nope");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).contains("'nope'");
        Result badLimit = cli("dead-letters", "--limit", "0");
        assertThat(badLimit.status()).isEqualTo(2);
        assertThat(badLimit.err()).contains("--limit").contains("was 0");

        JsonNode api = JSON.readTree(serve.get("/api/dead-letters?projection=" + PROJECTION).body());
        assertThat(api.size()).isEqualTo(bad.size());
        Set<String> ids = new HashSet<>();
        api.forEach(letter -> {
            ids.add(letter.get("eventId").asString());
            assertThat(letter.get("error").asString()).contains(BAD_REASON);
            assertThat(letter.get("eventType").asString()).isEqualTo("Deposited");
        });
        assertThat(ids).containsExactlyInAnyOrderElementsOf(bad.stream().map(UUID::toString).toList());
        assertThat(serve.get("/api/dead-letters?projection=nope").statusCode()).isEqualTo(400);
    }

    @Test
    @Order(3)
    @DisplayName("Issue 16: the projection gauges and the projections health report the lag, the dead letters and"
            + " the last success")
    void gaugesAndHealthReportTheLag() throws Exception {
        String scrape = serve.get("/actuator/prometheus").body();
        String series = "{projection=\"" + PROJECTION + "\"}";
        assertThat(gauge(scrape, "replay_projection_lag_events" + series)).isEqualTo(HANDLED);
        assertThat(gauge(scrape, "replay_projection_dead_letters" + series)).isEqualTo(3);
        double fullEnd = jdbc.queryForObject("select extract(epoch from max(end_time))::float8 from batch_job_execution",
                Double.class);
        assertThat(gauge(scrape, "replay_projection_last_success_timestamp_seconds{mode=\"full\",projection=\""
                + PROJECTION + "\"}")).isCloseTo(fullEnd, Offset.offset(0.001));
        assertThat(scrape).contains("replay_projection_last_success_timestamp_seconds{mode=\"catch-up\",projection=\""
                + PROJECTION + "\"} NaN");

        JsonNode health = health();
        assertThat(health.get("status").asString()).isEqualTo("OUT_OF_SERVICE");
        JsonNode projections = health.get("components").get("projections");
        assertThat(projections.get("status").asString()).as(projections.toString()).isEqualTo("OUT_OF_SERVICE");
        JsonNode failing = projections.get("details").get("failing").get(PROJECTION);
        assertThat(failing.get("lagEvents").asLong()).isEqualTo(HANDLED);
        assertThat(failing.get("maxLagEvents").asLong()).isEqualTo(5);
        assertThat(projections.get("details").get("neverBuilt").toString()).contains("event-counts");

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode samples = JSON.readTree(serve.get("/api/projections/" + PROJECTION + "/lag").body());
            assertThat(samples.size()).isGreaterThanOrEqualTo(2);
            samples.forEach(sample -> assertThat(sample.get("lagEvents").asLong()).isEqualTo(HANDLED));
        });
    }

    @Test
    @Order(4)
    @DisplayName("Issue 16: after a catch-up the lag is 0, lastCatchUp is filled and the projections health is UP")
    void aCatchUpBringsTheLagToZero() throws Exception {
        long read = lagBySql() + OTHER; // a catch-up reads every type committed after the mark
        HttpResponse<String> launch = serve.post("/api/jobs/rebuild/executions",
                "{\"projection\": \"" + PROJECTION + "\", \"mode\": \"catch-up\"}");
        assertThat(launch.statusCode()).as(launch.body()).isEqualTo(202);
        long id = JSON.readTree(launch.body()).get("id").asLong();
        Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> "COMPLETED".equals(JSON.readTree(
                serve.get("/api/executions/" + id).body()).get("execution").get("status").asString()));

        JsonNode api = projection();
        assertThat(api.get("lagEvents").asLong()).isZero();
        assertThat(lagBySql()).isZero();
        JsonNode catchUp = api.get("lastCatchUp");
        assertThat(catchUp.get("executionId").asLong()).isEqualTo(id);
        assertThat(catchUp.get("build").asLong()).isEqualTo(1);
        assertThat(catchUp.get("events").asLong()).isEqualTo(read);
        assertThat(api.get("lastCompletedAt").asString()).isEqualTo(catchUp.get("endedAt").asString());

        JsonNode runs = JSON.readTree(serve.get("/api/projections/" + PROJECTION + "/runs").body());
        assertThat(runs.size()).isEqualTo(2);
        assertThat(runs.get(0).get("executionId").asLong()).isEqualTo(id);
        assertThat(runs.get(0).get("mode").asString()).isEqualTo("catch-up");
        assertThat(runs.get(0).get("status").asString()).isEqualTo("COMPLETED");
        assertThat(runs.get(1).get("mode").asString()).isEqualTo("full");

        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(health().get("components").get("projections").get("status").asString()).isEqualTo("UP");
            assertThat(gauge(serve.get("/actuator/prometheus").body(),
                    "replay_projection_lag_events{projection=\"" + PROJECTION + "\"}")).isZero();
        });
        Result listing = cli("projections");
        assertThat(listing.out()).contains("lag 0 events").containsPattern("last catch-up  execution " + id + ", build 1");
    }

    @Test
    @Order(5)
    @DisplayName("Issue 16: a partitioned rebuild's events are its partitions' and the build it replaced is a kept copy")
    void aPartitionedRebuildCountsItsPartitionsAndKeepsThePreviousCopy() {
        Result rebuild = cli("rebuild", PROJECTION, "--partitions", "3", "--replay.skip-invalid=true",
                "--replay.rebuild.keep-copies=1");
        assertThat(rebuild.status()).as(rebuild.err()).isZero();

        Result json = cli("projections", "--json");
        JsonNode listed = null;
        for (JsonNode node : JSON.readTree(json.out())) {
            listed = node.get("name").asString().equals(PROJECTION) ? node : listed;
        }
        String upper = listed.get("highWaterMark").asString().split("\\.\\.")[1];
        assertThat(listed.get("liveBuild").asLong()).isEqualTo(2);
        assertThat(listed.get("lastFull").get("build").asLong()).isEqualTo(2);
        assertThat(listed.get("lastFull").get("events").asLong()).isEqualTo(jdbc.queryForObject(
                "select count(*) from events where tx_id < ?::xid8", Long.class, upper));
        assertThat(listed.get("lagEvents").asLong()).isEqualTo(lagBySql()).isZero();
        assertThat(listed.get("keptCopies").toString()).isEqualTo("[1]");
    }
}
