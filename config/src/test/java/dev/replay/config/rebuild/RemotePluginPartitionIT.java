package dev.replay.config.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.config.ReplayProcess;
import dev.replay.config.plugins.OrdersPlugin;
import dev.replay.readers.testing.TestDatabase;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 14: a plugin projection partitioned over remote workers. The manager and two worker JVMs of
 * the runnable jar each load the orders plugin, compiled and jarred by the test into a plugins
 * directory (its classes are not on the test class path); the workers run the partitions, and the
 * result equals SQL over the events.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RemotePluginPartitionIT {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String EXPECTED = """
            select p.aggregate_id || '|' || (p.event_data->>'total')::numeric(19,2) || '|'
                   || case when c.event_id is null then 'placed' else 'cancelled' end
              from events p left join events c on c.aggregate_type = 'Order' and c.aggregate_id = p.aggregate_id
                                               and c.event_type = 'OrderCancelled'
             where p.aggregate_type = 'Order' and p.event_type = 'OrderPlaced' order by 1""";
    private static final String ACTUAL = "select order_id || '|' || total || '|' || status from order_total order by 1";

    @TempDir
    static Path dir;

    private TestDatabase database;
    private JdbcTemplate jdbc;
    private EmbeddedActiveMQ broker;
    private String brokerUrl;

    @BeforeAll
    void startBrokerBuildThePluginAndSeed() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        brokerUrl = "tcp://127.0.0.1:" + port;
        Configuration configuration = new ConfigurationImpl().setPersistenceEnabled(false).setSecurityEnabled(false);
        configuration.setBrokerInstance(dir.resolve("broker").toFile());
        configuration.addAcceptorConfiguration("tcp", brokerUrl);
        broker = new EmbeddedActiveMQ().setConfiguration(configuration);
        broker.start();

        OrdersPlugin.servicesJar(dir.resolve("plugins").resolve("orders-plugin-1.0.jar"), OrdersPlugin.TOTALS);
        database = TestDatabase.create();
        jdbc = new JdbcTemplate(database.dataSource());
        List<Object[]> rows = new ArrayList<>();
        for (int order = 0; order < 800; order++) {
            rows.add(new Object[] {UUID.randomUUID(), "order-" + order, 1, "OrderPlaced",
                "{\"customer\": \"c-" + order % 30 + "\", \"total\": " + order % 300 + ".50}", at(2 * order)});
            if (order % 5 == 0) {
                rows.add(new Object[] {UUID.randomUUID(), "order-" + order, 2, "OrderCancelled", "{}", at(2 * order + 1)});
            }
        }
        // schema version 2: the plugin's upcaster turns version 1 (cents) into this shape
        jdbc.batchUpdate("insert into events (event_id, aggregate_type, aggregate_id, version, event_type, event_data,"
                + " occurred_at, schema_version) values (?, 'Order', ?, ?, ?, ?::jsonb, ?, 2)", rows);
    }

    @AfterAll
    void stop() throws Exception {
        database.close();
        broker.stop();
    }

    private static Timestamp at(int minute) {
        return Timestamp.from(T0.plus(Duration.ofMinutes(minute)));
    }

    private ReplayProcess start(String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(List.of("--replay.partitioning.mode=remote", "--replay.partitioning.broker-url=" + brokerUrl,
                "--replay.partitioning.embedded-broker=false", "--replay.partitioning.poll-interval=200ms",
                "--replay.partitioning.liveness-interval=1s", "--replay.rebuild.chunk-size=200",
                "--replay.plugins.dir=" + dir.resolve("plugins"), "--replay.data-dir=" + dir.resolve("data"),
                "--replay.archive.uri=" + dir.resolve("archive").toUri(),
                "--spring.datasource.url=" + database.jdbcUrl(), "--spring.datasource.username=postgres"));
        return ReplayProcess.start(dir, List.of(), args.toArray(String[]::new));
    }

    @Test
    @DisplayName("Issue 14: remote workers load the plugin jar and run a plugin projection's partitions exactly")
    void remoteWorkersRunAPluginProjectionsPartitions() throws Exception {
        try (ReplayProcess first = start("worker"); ReplayProcess second = start("worker")) {
            first.awaitLine("Worker ready", Duration.ofMinutes(1));
            second.awaitLine("Worker ready", Duration.ofMinutes(1));

            // when: the manager rebuilds the plugin's projection in 4 partitions on the workers
            int status;
            String output;
            try (ReplayProcess manager = start("rebuild", OrdersPlugin.TOTALS, "--partitions", "4")) {
                status = manager.waitForExit(Duration.ofMinutes(3));
                output = manager.output();
            }

            // then: it completed, the workers ran the partitions, and the read model equals SQL over the events
            assertThat(status).as(() -> output + first.output() + second.output() + jdbc.queryForList(
                    "select step_name || ': ' || right(exit_message, 1500) from batch_step_execution"
                            + " where status = 'FAILED'", String.class)).isZero();
            long run = first.output().lines().filter(line -> line.startsWith("Worker: replay-partition:")).count()
                    + second.output().lines().filter(line -> line.startsWith("Worker: replay-partition:")).count();
            assertThat(run).as(first.output() + second.output()).isEqualTo(4);
            List<String> expected = jdbc.queryForList(EXPECTED, String.class);
            assertThat(expected).hasSize(800);
            assertThat(jdbc.queryForList(ACTUAL, String.class)).containsExactlyElementsOf(expected);
        }
    }
}
