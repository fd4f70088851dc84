package dev.replay.config;

import dev.replay.jobs.rebuild.ProjectionSource;
import dev.replay.jobs.rebuild.ProjectionSources;
import dev.replay.writers.sql.SqlProjection;
import dev.replay.writers.sql.SqlProjectionCheck;
import dev.replay.writers.sql.SqlProjectionException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Adds the SQL projections of {@code replay.projections.*} ({@link SqlProjectionProperties}) to the
 * application's projections, with source {@value ProjectionSource#SQL}. Each is checked when the
 * context starts, before any job runs: a placeholder of an undeclared table, an unknown parameter,
 * a declared table named without braces, or a statement PostgreSQL cannot prepare (against temporary
 * copies of the tables, in a transaction rolled back) fails the start with an
 * {@link InvalidConfigurationException} naming the projection, the event type and the problem: exit 2.
 */
@Configuration(proxyBeanMethods = false)
class SqlProjectionConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SqlProjectionConfiguration.class);

    @Bean
    ProjectionSources sqlProjections(SqlProjectionProperties properties, DataSource dataSource) {
        SqlProjectionCheck check = new SqlProjectionCheck(dataSource);
        List<ProjectionSource> projections = new ArrayList<>();
        properties.projections().forEach((name, declared) -> {
            try {
                SqlProjection projection = declared.projection(name);
                check.check(projection);
                projections.add(new ProjectionSource(projection, ProjectionSource.SQL));
                log.info("SQL projection [{}] on {}", name, projection.eventTypes());
            } catch (SqlProjectionException e) {
                throw new InvalidConfigurationException(e.getMessage(), e);
            }
        });
        List<ProjectionSource> checked = List.copyOf(projections);
        return () -> checked;
    }
}
