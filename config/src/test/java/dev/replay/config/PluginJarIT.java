package dev.replay.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.config.plugins.OrdersPlugin;
import dev.replay.readers.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 14, plugin jars, end to end with processes of the runnable jar: a user's orders plugin,
 * compiled and jarred by the test into {@code <workdir>/plugins/} (its classes are not on the test
 * class path), is rebuilt, caught up, partitioned and rebuilt over archive plus hot store, each
 * checked against SQL over the events; its upcaster applies; {@code projections} lists it. A name
 * clash and broken jars exit 2 naming what is wrong.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PluginJarIT {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String ORDERS_JAR = "orders-plugin-1.0.jar";
    private static final String COUNT_JAR = "order-count-1.0.jar";
    /** order-totals by SQL: the OrderPlaced payload of either schema version, cancelled when an OrderCancelled follows. */
    private static final String EXPECTED_TOTALS = """
            select p.aggregate_id || '|' || (p.event_data->>'customer') || '|'
                   || coalesce((p.event_data->>'total')::numeric, (p.event_data->>'cents')::numeric / 100)::numeric(19,2)
                   || '|' || case when c.event_id is null then 'placed' else 'cancelled' end
                   || '|' || coalesce(c.version, p.version)
              from events p left join events c on c.aggregate_type = 'Order' and c.aggregate_id = p.aggregate_id
                                               and c.event_type = 'OrderCancelled'
             where p.aggregate_type = 'Order' and p.event_type = 'OrderPlaced' order by 1""";
    private static final String ACTUAL_TOTALS = "select order_id || '|' || customer || '|' || total || '|' || status"
            + " || '|' || version from order_total order by 1";

    @TempDir
    static Path dir;

    private TestDatabase database;
    private JdbcTemplate jdbc;
    private int orders;
    private int minute;

    @BeforeAll
    void buildThePluginAndSeed() throws IOException {
        OrdersPlugin.servicesJar(dir.resolve("plugins").resolve(ORDERS_JAR), OrdersPlugin.TOTALS);
        OrdersPlugin.autoConfigurationJar(dir.resolve("plugins").resolve(COUNT_JAR));
        database = TestDatabase.create();
        jdbc = new JdbcTemplate(database.dataSource());
        placeOrders(600, 7);
    }

    @AfterAll
    void close() {
        database.close();
    }

    /**
     * Appends {@code count} new orders, one every 5 minutes after the last, every third in the old
     * schema (v1, cents), and cancels every {@code cancelEvery}-th of them.
     */
    private void placeOrders(int count, int cancelEvery) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < count; i++, orders++) {
            String order = "order-" + orders;
            boolean v1 = orders % 3 == 0;
            String data = v1 ? "{\"customer\": \"c-" + orders % 40 + "\", \"cents\": " + (orders * 37 % 10_000) + "}"
                    : "{\"customer\": \"c-" + orders % 40 + "\", \"total\": " + (orders % 500) + ".25}";
            rows.add(new Object[] {UUID.randomUUID(), order, 1, "OrderPlaced", data, v1 ? 1 : 2, at(minute++)});
            if (orders % cancelEvery == 0) {
                rows.add(new Object[] {UUID.randomUUID(), order, 2, "OrderCancelled", "{}", 1, at(minute++)});
            }
        }
        jdbc.batchUpdate("insert into events (event_id, aggregate_type, aggregate_id, version, event_type, event_data,"
                + " schema_version, occurred_at) values (?, 'Order', ?, ?, ?, ?::jsonb, ?, ?)", rows);
    }

    private static Timestamp at(int minute) {
        return Timestamp.from(T0.plus(Duration.ofMinutes(5L * minute)));
    }

    private Outcome replay(Path workDir, Map<String, String> environment, List<String> jvmArgs, String... args)
            throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--spring.datasource.url=" + database.jdbcUrl(), "--spring.datasource.username=postgres",
                "--replay.data-dir=" + dir.resolve("data"), "--replay.archive.uri=" + dir.resolve("archive").toUri(),
                "--replay.archive.segment-max-rows=300"));
        try (ReplayProcess process = ReplayProcess.start(workDir, jvmArgs, environment, all.toArray(String[]::new))) {
            int status = process.waitForExit(Duration.ofMinutes(3));
            return new Outcome(status, process.output());
        }
    }

    private Outcome replay(String... args) throws Exception {
        return replay(dir, Map.of(), List.of(), args);
    }

    record Outcome(int status, String output) {
    }

    private void assertTotalsExact() {
        List<String> expected = jdbc.queryForList(EXPECTED_TOTALS, String.class);
        assertThat(expected).hasSize(orders);
        assertThat(jdbc.queryForList(ACTUAL_TOTALS, String.class)).containsExactlyElementsOf(expected);
    }

    @Test
    @DisplayName("Issue 14: a plugin jar's projection is rebuilt, caught up, partitioned and rebuilt over archive"
            + " plus hot store exactly, with its upcaster applied, and projections lists it with its jar")
    void pluginProjectionThroughEveryRebuild() throws Exception {
        // full rebuild: the v1 events were upcast (cents to total) or the comparison would fail
        Outcome rebuild = replay("rebuild", OrdersPlugin.TOTALS);
        assertThat(rebuild.status()).as(rebuild.output()).isZero();
        assertTotalsExact();
        assertThat(jdbc.queryForObject("select total from order_total where order_id = 'order-3'", String.class))
                .isEqualTo("1.11"); // stored as {"cents": 111}, schema version 1

        // catch-up after more appends, cancelling some of the earlier orders too
        placeOrders(150, 5);
        jdbc.update("insert into events (event_id, aggregate_type, aggregate_id, version, event_type, event_data,"
                + " occurred_at) values (?, 'Order', 'order-1', 2, 'OrderCancelled', '{}', ?)", UUID.randomUUID(), at(minute++));
        Outcome catchUp = replay("rebuild", OrdersPlugin.TOTALS, "--catch-up");
        assertThat(catchUp.status()).as(catchUp.output()).isZero();
        assertTotalsExact();

        // partitioned
        Outcome partitioned = replay("rebuild", OrdersPlugin.TOTALS, "--partitions", "2");
        assertThat(partitioned.status()).as(partitioned.output()).isZero();
        assertTotalsExact();

        // archive the older half, then rebuild over both tiers
        List<String> expected = jdbc.queryForList(EXPECTED_TOTALS, String.class);
        Outcome archive = replay("archive", "--before", T0.plus(Duration.ofMinutes(5L * minute / 2)).toString());
        assertThat(archive.status()).as(archive.output()).isZero();
        assertThat(jdbc.queryForObject("select count(*) from archive_segment", Long.class)).isPositive();
        Outcome merged = replay("rebuild", OrdersPlugin.TOTALS);
        assertThat(merged.status()).as(merged.output()).isZero();
        assertThat(jdbc.queryForList(ACTUAL_TOTALS, String.class)).containsExactlyElementsOf(expected);

        // the listing: name, the jar's file name, event types, per-aggregate, the live build
        Outcome listing = replay("projections");
        assertThat(listing.status()).as(listing.output()).isZero();
        assertThat(listing.output()).containsPattern("(?m)^order-totals +" + ORDERS_JAR.replace(".", "\\.")
                + " +OrderCancelled,OrderPlaced +per-aggregate +\\d+\\s*$");
        assertThat(listing.output()).containsPattern("(?m)^account-balances +built-in +.*per-aggregate +- *$");
    }

    @Test
    @DisplayName("Issue 14: an auto-configuration in a plugin jar contributes a Projection bean, listed with its jar"
            + " and rebuilt")
    void autoConfigurationContributesAProjection() throws Exception {
        Outcome listing = replay("projections");
        assertThat(listing.status()).as(listing.output()).isZero();
        assertThat(listing.output()).containsPattern("(?m)^order-count +" + COUNT_JAR.replace(".", "\\.")
                + " +OrderPlaced +global +- *$");

        Outcome rebuild = replay("rebuild", OrdersPlugin.COUNT);
        assertThat(rebuild.status()).as(rebuild.output()).isZero();
        assertThat(jdbc.queryForObject("select orders from order_count", Long.class))
                .isEqualTo(jdbc.queryForObject("select count(*) from events where event_type = 'OrderPlaced'", Long.class));
    }

    @Test
    @DisplayName("Issue 14: a plugin projection named like a built-in one exits 2 naming the name and both sources")
    void nameClashExitsTwo() throws Exception {
        Path clashing = dir.resolve("clash");
        OrdersPlugin.servicesJar(clashing.resolve("plugins").resolve("clashing.jar"), "account-balances");

        Outcome outcome = replay(Files.createDirectories(clashing.resolve("cwd")), Map.of("REPLAY_PLUGINS_DIR",
                clashing.resolve("plugins").toString()), List.of(), "jobs");

        assertThat(outcome.status()).as(outcome.output()).isEqualTo(2);
        assertThat(outcome.output()).contains("Two projections are named account-balances").contains("built-in")
                .contains("clashing.jar").doesNotContain("\tat ");
    }

    @Test
    @DisplayName("Issue 14: a plugin jar that is not a zip, whose service entry names a missing class, or whose"
            + " auto-configuration fails, exits 2 naming the jar and the reason")
    void brokenPluginJarsExitTwo() throws Exception {
        Path notAZip = dir.resolve("not-a-zip");
        Files.createDirectories(notAZip);
        Files.writeString(notAZip.resolve("x.jar"), "this is a text file");
        Path missing = dir.resolve("missing-class");
        OrdersPlugin.missingClassJar(missing.resolve("gone.jar"));
        Path failing = dir.resolve("failing");
        OrdersPlugin.failingAutoConfigurationJar(failing.resolve("failing-autoconfig.jar"));

        Outcome text = replay(dir, Map.of(), List.of("-Dreplay.plugins.dir=" + notAZip), "rebuild", OrdersPlugin.TOTALS);
        Outcome gone = replay(dir, Map.of(), List.of(), "projections", "--replay.plugins.dir=" + missing);
        Outcome autoConfiguration = replay(dir, Map.of(), List.of(), "jobs", "--replay.plugins.dir=" + failing);

        assertThat(text.status()).as(text.output()).isEqualTo(2);
        assertThat(text.output()).contains("Plugin jar " + notAZip.resolve("x.jar") + " cannot be loaded")
                .doesNotContain("\tat ");
        assertThat(gone.status()).as(gone.output()).isEqualTo(2);
        assertThat(gone.output()).contains("Plugin jar " + missing.resolve("gone.jar") + " cannot be loaded")
                .contains("com.example.gone.GoneProjection").doesNotContain("\tat ");
        assertThat(autoConfiguration.status()).as(autoConfiguration.output()).isEqualTo(2);
        assertThat(autoConfiguration.output()).contains("Plugin jar " + failing.resolve("failing-autoconfig.jar")
                + " cannot be loaded").contains("orders.api-key must be set").doesNotContain("\tat ");
    }
}
