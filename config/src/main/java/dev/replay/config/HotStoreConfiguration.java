package dev.replay.config;

import dev.replay.readers.HotStore;
import dev.replay.readers.HotStoreBinding;
import dev.replay.readers.HotStoreMappingException;
import dev.replay.readers.HotStoreSchema;
import dev.replay.readers.HotStoreTable;
import java.util.Arrays;
import javax.sql.DataSource;
import org.flywaydb.core.api.Location;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Wires the hot store from {@code replay.hot.*}: its {@link HotStoreTable} (the mapping) and the
 * {@link HotStore} on the primary DataSource that every job, command and statistic goes through.
 *
 * <p>A mapped table is checked when the context starts: the table and every mapped column exist
 * with a supported type, and it has been adopted; otherwise the command exits 2 with the one line
 * that names the column (or says to run {@code adopt}). {@code adopt} itself starts with
 * {@value #CHECK_ADOPTED} false. With a mapped table the default table's migrations are left out,
 * so the platform creates no {@code events} table beside it; a database where they ran before still
 * validates (their history rows are ignored as missing).
 *
 * <p>Once the migrations ran, the platform's tables are bound to the configured table
 * ({@link HotStoreBinding}): a command on another table against the same database exits 2 naming both.
 */
@Configuration(proxyBeanMethods = false)
class HotStoreConfiguration {

    /** Internal: whether start-up requires a mapped table to be adopted (false for {@code adopt} only). */
    static final String CHECK_ADOPTED = "replay.hot.check-adopted";

    @Bean
    HotStoreTable hotStoreTable(HotStoreProperties hot) {
        return hot.hotStoreTable();
    }

    @Bean
    HotStore hotStore(DataSource dataSource, HotStoreTable table, Environment environment) {
        if (!table.isDefault()) {
            HotStoreSchema schema = new HotStoreSchema(dataSource, table);
            try {
                if (environment.getProperty(CHECK_ADOPTED, Boolean.class, true)) {
                    schema.check();
                } else {
                    schema.columnTypes();
                }
            } catch (HotStoreMappingException e) {
                throw new InvalidConfigurationException(e.getMessage(), e);
            }
        }
        return new HotStore(dataSource, table);
    }

    /**
     * Binds the platform's tables to the configured table, or refuses another, after the migrations
     * (which create the binding's table). Not for {@code adopt}, which touches only the user's table.
     */
    @Bean
    @DependsOnDatabaseInitialization
    HotStoreBindingCheck hotStoreBinding(DataSource dataSource, HotStoreTable table, Environment environment) {
        if (environment.getProperty(CHECK_ADOPTED, Boolean.class, true)) {
            try {
                new HotStoreBinding(dataSource, table).bindOrCheck();
            } catch (HotStoreMappingException e) {
                throw new InvalidConfigurationException(e.getMessage(), e);
            }
        }
        return new HotStoreBindingCheck();
    }

    /** The marker bean of a start-up that passed the binding check. */
    static final class HotStoreBindingCheck {
    }

    @Bean
    FlywayConfigurationCustomizer hotStoreMigrations(HotStoreTable table) {
        return configuration -> {
            if (!table.isDefault()) {
                configuration.locations(Arrays.stream(configuration.getLocations()).map(Location::getDescriptor)
                        .filter(location -> !location.equals(HotStoreTable.MIGRATIONS)).toArray(String[]::new));
                configuration.ignoreMigrationPatterns("*:future", "*:missing");
            }
        };
    }
}
