package dev.replay.config.embedded;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.replay.config.ReplayProperties;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded default: with no {@code spring.datasource.url}, the hot store, the catalog and the
 * Spring Batch metadata live in an embedded PostgreSQL under {@code replay.data-dir}, so the
 * README's first command works on a machine with only a JDK, on the platforms {@link EmbeddedPlatform}
 * names (elsewhere it refuses to start, exit 2). Boot's own DataSource
 * auto-configuration backs off because this configuration defines the DataSource.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(NoDataSourceUrlCondition.class)
class EmbeddedPostgresConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedPostgresServer embeddedPostgresServer(ReplayProperties properties) {
        EmbeddedPlatform.current().requireSupported(); // before zonky fails on binaries it cannot find
        return EmbeddedPostgresServer.startOrAdopt(properties.dataDir().resolve("postgres"));
    }

    @Bean(destroyMethod = "close")
    DataSource dataSource(EmbeddedPostgresServer server) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server.jdbcUrl());
        config.setUsername(EmbeddedPostgresServer.USER);
        config.setMaximumPoolSize(10);
        config.setPoolName("replay-embedded");
        return new HikariDataSource(config);
    }
}
