package dev.replay.config;

import dev.replay.writers.builtin.DepositedAmountUpcaster;
import java.util.Currency;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The built-in upcasters under {@code replay.upcasters.*}; user upcasters are any
 * {@link dev.replay.readers.upcast.Upcaster} beans and need no property.
 *
 * @param depositedAmount {@code replay.upcasters.deposited-amount.*}, see {@link DepositedAmountUpcaster}
 */
@ConfigurationProperties("replay.upcasters")
public record UpcasterProperties(DepositedAmount depositedAmount) {

    public UpcasterProperties {
        depositedAmount = depositedAmount == null ? new DepositedAmount(false, null) : depositedAmount;
    }

    /**
     * @param enabled whether replays upcast {@code Deposited} v1 to v2; off by default, since every
     *                seeded event is v1 and {@code account-balances} reads both shapes
     * @param defaultCurrency the currency of v1 amounts whose payload names none, an ISO 4217 code
     */
    public record DepositedAmount(boolean enabled, String defaultCurrency) {

        public DepositedAmount {
            defaultCurrency = defaultCurrency == null ? DepositedAmountUpcaster.DEFAULT_CURRENCY : defaultCurrency;
            try {
                Currency.getInstance(defaultCurrency);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("replay.upcasters.deposited-amount.default-currency must be an"
                        + " ISO 4217 currency code, was '" + defaultCurrency + "'"); // its own exception says no more
            }
        }
    }
}
