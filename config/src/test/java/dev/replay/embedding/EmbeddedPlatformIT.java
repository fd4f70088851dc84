package dev.replay.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.jobs.launch.RebuildLauncher;
import dev.replay.jobs.rebuild.RebuildMode;
import dev.replay.readers.testing.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The platform as a library: a user's {@code @SpringBootApplication} outside the platform's
 * packages, started in this JVM with {@code replay-config} on its class path, gets the jobs and
 * their launchers through the auto-configuration and rebuilds its own projection.
 */
class EmbeddedPlatformIT {

    private TestDatabase database;
    private JdbcTemplate jdbc;

    @BeforeEach
    void seed() {
        database = TestDatabase.create();
        jdbc = new JdbcTemplate(database.dataSource());
        append("o-1", 1, "OrderPlaced");
        append("o-1", 2, "OrderShipped");
        append("o-2", 1, "OrderPlaced");
        append("c-1", 1, "CustomerRegistered"); // not the projection's: skipped
    }

    @AfterEach
    void close() {
        database.close();
    }

    private void append(String aggregateId, long version, String type) {
        jdbc.update("insert into events (event_id, aggregate_type, aggregate_id, version, event_type, event_data, occurred_at)"
                + " values (?, 'Order', ?, ?, ?, '{}'::jsonb, now())", UUID.randomUUID(), aggregateId, version, type);
    }

    @Test
    @DisplayName("Issue 14: a user's Boot application with its own configuration, replay-config and a Projection bean"
            + " rebuilds it through RebuildLauncher")
    void aUsersApplicationRebuildsItsOwnProjection(@TempDir Path dataDir) throws Exception {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ShopApplication.class)
                .web(WebApplicationType.NONE)
                // the shop's own configuration file instead of the platform's application.yml
                .run("--spring.config.location=classpath:/dev/replay/embedding/shop.yml",
                        "--spring.datasource.url=" + database.jdbcUrl(), "--spring.datasource.username=postgres",
                        "--replay.data-dir=" + dataDir)) {
            // when
            JobExecution rebuild = context.getBean(RebuildLauncher.class).run("order-state", RebuildMode.FULL);

            // then
            assertThat(rebuild.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        }
        List<Map<String, Object>> rows = jdbc.queryForList("select order_id, state, version from order_state order by order_id");
        assertThat(rows).containsExactly(
                Map.of("order_id", "o-1", "state", "OrderShipped", "version", 2L),
                Map.of("order_id", "o-2", "state", "OrderPlaced", "version", 1L));
    }
}
