package dev.replay.config;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.autoconfigure.AutoConfigureOrder;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.FilterType;
import org.springframework.core.Ordered;

/**
 * The platform inside a user's own Spring Boot application: a {@code @SpringBootApplication}
 * that has {@code dev.replay:replay-config} on its class path gets exactly what
 * {@link ReplayApplication} gets from scanning its own packages: the properties, the jobs and
 * their launchers, the built-in projections, the embedded PostgreSQL default (without
 * {@code spring.datasource.url}) and, under the {@code serve} profile, the dashboard and API.
 * The user's {@code Projection} and {@code Upcaster} beans join the built-in ones.
 *
 * <p>First among the auto-configurations, so that the platform's beans (its DataSource above all)
 * are defined before Boot's own auto-configurations decide whether to back off, as they are in
 * the runnable jar. In the runnable jar this scan finds what {@link ReplayApplication}'s scan has
 * already registered and adds nothing.
 */
@AutoConfiguration
@AutoConfigureOrder(Ordered.HIGHEST_PRECEDENCE)
@ComponentScan(basePackageClasses = ReplayAutoConfiguration.class, excludeFilters = {
        @Filter(type = FilterType.ASSIGNABLE_TYPE, classes = ReplayApplication.class),
        @Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
        @Filter(type = FilterType.CUSTOM, classes = AutoConfigurationExcludeFilter.class)})
@ConfigurationPropertiesScan(basePackageClasses = ReplayAutoConfiguration.class)
public class ReplayAutoConfiguration {
}
