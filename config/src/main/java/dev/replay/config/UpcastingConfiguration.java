package dev.replay.config;

import dev.replay.config.plugins.PluginJars;
import dev.replay.readers.upcast.Upcaster;
import dev.replay.readers.upcast.Upcasters;
import dev.replay.writers.builtin.DepositedAmountUpcaster;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The upcasters replays apply: every {@link Upcaster} bean of the context (users register their
 * own as beans, or list them in a plugin jar's {@code META-INF/services}, see {@link PluginJars}) plus
 * the built-in ones their properties turn on, as one {@link Upcasters} chain
 * for the rebuild (and any other replay step) to use. Two upcasters for one event type and schema
 * version fail the start naming both.
 */
@Configuration(proxyBeanMethods = false)
class UpcastingConfiguration {

    private static final Logger log = LoggerFactory.getLogger(UpcastingConfiguration.class);

    @Bean
    Upcasters upcasters(ObjectProvider<Upcaster> upcasters, ObjectProvider<PluginJars> plugins) {
        List<Upcaster> all = new ArrayList<>(upcasters.orderedStream().toList());
        plugins.stream().forEach(jars -> all.addAll(jars.upcasters()));
        Upcasters chain = new Upcasters(all);
        log.info("Upcasters {}", chain);
        return chain;
    }

    /** Deposited v1 → v2; off by default (see {@link DepositedAmountUpcaster} for why). */
    @Bean
    @ConditionalOnBooleanProperty("replay.upcasters.deposited-amount.enabled")
    DepositedAmountUpcaster depositedAmountUpcaster(UpcasterProperties properties) {
        return new DepositedAmountUpcaster(properties.depositedAmount().defaultCurrency());
    }
}
