package dev.replay.config;

import dev.replay.readers.upcast.Upcaster;
import dev.replay.readers.upcast.Upcasters;
import dev.replay.writers.builtin.DepositedAmountUpcaster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The upcasters replays apply: every {@link Upcaster} bean of the context (users register their
 * own as beans) plus the built-in ones their properties turn on, as one {@link Upcasters} chain
 * for the rebuild (and any other replay step) to use. Two upcasters for one event type and schema
 * version fail the start naming both.
 */
@Configuration(proxyBeanMethods = false)
class UpcastingConfiguration {

    private static final Logger log = LoggerFactory.getLogger(UpcastingConfiguration.class);

    @Bean
    Upcasters upcasters(ObjectProvider<Upcaster> upcasters) {
        Upcasters chain = new Upcasters(upcasters.orderedStream().toList());
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
