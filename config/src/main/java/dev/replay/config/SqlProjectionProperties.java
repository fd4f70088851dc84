package dev.replay.config;

import dev.replay.writers.sql.SqlProjection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Name;

/**
 * SQL projections declared under {@code replay.projections.<name>}, none by default:
 * <pre>
 * replay.projections.order-stats:
 *   per-aggregate: false
 *   tables:
 *     order_stat: "customer text primary key, orders bigint not null"
 *   on:
 *     OrderPlaced: "insert into {order_stat} values (:data.customer, 1) on conflict ..."
 * </pre>
 * See {@link SqlProjection} for what a statement may say. Each declaration is checked as it is bound;
 * {@link SqlProjectionConfiguration} has PostgreSQL prepare the statements.
 *
 * @param projections each SQL projection by name
 */
@ConfigurationProperties("replay")
public record SqlProjectionProperties(Map<String, Declared> projections) {

    public SqlProjectionProperties {
        projections = projections == null ? Map.of() : new LinkedHashMap<>(projections);
    }

    /**
     * One SQL projection.
     *
     * @param perAggregate whether its state for an aggregate depends only on that aggregate's events,
     *                     which allows {@code --partitions}; false by default
     * @param tables each stable table with its column definitions
     * @param on the statement to run for each handled event type
     * @param yamlOn {@code on} as YAML 1.1 reads an unquoted {@code on:} key: the boolean true, which
     *               Spring names {@code true}; merged into {@code on}
     */
    public record Declared(boolean perAggregate, Map<String, String> tables, Map<String, String> on,
                           @Name("true") Map<String, String> yamlOn) {

        public Declared {
            tables = tables == null ? Map.of() : new LinkedHashMap<>(tables);
            Map<String, String> statements = new LinkedHashMap<>(yamlOn == null ? Map.of() : yamlOn);
            statements.putAll(on == null ? Map.of() : on);
            on = statements;
            yamlOn = Map.of();
        }

        /**
         * @throws dev.replay.writers.sql.SqlProjectionException naming the projection, the event type and the problem
         */
        SqlProjection projection(String name) {
            return new SqlProjection(name, perAggregate, tables, on);
        }
    }
}
