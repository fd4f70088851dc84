package dev.replay.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replay.readers.Event;
import dev.replay.readers.upcast.Upcaster;
import dev.replay.readers.upcast.Upcasters;
import dev.replay.writers.builtin.DepositedAmountUpcaster;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Which upcasters the application registers: user beans always, the built-in one by property. */
class UpcastingConfigurationTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(UpcastingConfiguration.class, Properties.class);

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(UpcasterProperties.class)
    static class Properties {
    }

    static class OwnerRenamed implements Upcaster {

        @Override
        public String eventType() {
            return "AccountOpened";
        }

        @Override
        public int fromVersion() {
            return 1;
        }

        @Override
        public String upcast(Event event) {
            return event.payload().replace("\"owner\"", "\"holder\"");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserUpcasters {

        @Bean
        OwnerRenamed ownerRenamed() {
            return new OwnerRenamed();
        }
    }

    @Test
    void byDefaultTheChainIsEmpty() {
        context.run(app -> {
            assertThat(app).doesNotHaveBean(DepositedAmountUpcaster.class);
            assertThat(app.getBean(Upcasters.class).isEmpty()).isTrue();
        });
    }

    @Test
    void thePropertyTurnsOnTheDepositedAmountUpcasterWithItsDefaultCurrency() {
        context.withPropertyValues("replay.upcasters.deposited-amount.enabled=true",
                "replay.upcasters.deposited-amount.default-currency=CHF").run(app -> {
            assertThat(app.getBean(Upcasters.class).upcasters()).singleElement()
                    .isInstanceOf(DepositedAmountUpcaster.class);
            assertThat(app.getBean(DepositedAmountUpcaster.class).defaultCurrency()).isEqualTo("CHF");
        });
    }

    @Test
    void userUpcasterBeansJoinTheChain() {
        context.withUserConfiguration(UserUpcasters.class)
                .withPropertyValues("replay.upcasters.deposited-amount.enabled=true").run(app ->
                        assertThat(app.getBean(Upcasters.class)).hasToString(
                                "[AccountOpened v1 (OwnerRenamed), Deposited v1 (DepositedAmountUpcaster)]"));
    }

    @Test
    void aDefaultCurrencyThatIsNoIsoCodeFailsTheStartNamingTheProperty() {
        context.withPropertyValues("replay.upcasters.deposited-amount.default-currency=EURO").run(app ->
                assertThat(app).hasFailed().getFailure().rootCause().hasMessage(
                        "replay.upcasters.deposited-amount.default-currency must be an ISO 4217 currency code, was 'EURO'"));
    }

    @Test
    void twoUpcastersForOneTypeAndVersionFailTheStartNamingBoth() {
        context.withUserConfiguration(UserUpcasters.class)
                .withBean("another", OwnerRenamed.class).run(app -> assertThat(app).hasFailed()
                        .getFailure().rootCause().hasMessageContaining(
                                "Two upcasters for AccountOpened v1: [OwnerRenamed] and [OwnerRenamed]"));
    }
}
