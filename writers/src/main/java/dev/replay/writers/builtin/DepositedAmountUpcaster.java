package dev.replay.writers.builtin;

import dev.replay.readers.Event;
import dev.replay.readers.upcast.Upcaster;
import dev.replay.writers.ProjectedEvent;
import java.util.Currency;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The built-in example upcaster of the sample Account domain: {@code Deposited} schema version 1
 * {@code {"amount": 12.34}} becomes version 2 {@code {"amount": {"value": "12.34", "currency": "EUR"}}}.
 *
 * <p>The value is the v1 number's exact decimal text (never through {@code double}, trailing zeros
 * kept). Version 1 carried no currency in its contract, so the currency is the payload's own
 * top-level {@code currency} when a producer wrote one anyway (the sample generator does), else the
 * configured default currency ({@code replay.upcasters.deposited-amount.default-currency}, EUR by
 * default). Every other field of the payload is kept as it was, in its place.
 *
 * <p><b>Off by default</b> ({@code replay.upcasters.deposited-amount.enabled=false}): every event the
 * seed writes is v1, and {@link AccountBalanceProjection} reads both shapes, so a rebuild gets the
 * same balances without it; turned on it parses and rewrites every {@code Deposited} payload, a cost
 * the rebuild's speed target should not pay for nothing. Turn it on when consumers (exports, your
 * own projections) want the v2 shape.
 *
 * <p>A v1 payload that is not a JSON object with a numeric {@code amount} fails the upcast
 * ({@link dev.replay.readers.upcast.UpcastingException} names this upcaster and the event).
 * Stateless and thread-safe.
 */
public class DepositedAmountUpcaster implements Upcaster {

    public static final String EVENT_TYPE = "Deposited";
    public static final String DEFAULT_CURRENCY = "EUR";

    private final String defaultCurrency;
    private final ObjectMapper mapper;

    public DepositedAmountUpcaster(String defaultCurrency, ObjectMapper mapper) {
        this.defaultCurrency = validCurrency(defaultCurrency);
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    public DepositedAmountUpcaster(String defaultCurrency) {
        this(defaultCurrency, ProjectedEvent.DEFAULT_MAPPER);
    }

    /** With EUR as the default currency. */
    public DepositedAmountUpcaster() {
        this(DEFAULT_CURRENCY);
    }

    private static String validCurrency(String code) {
        try {
            return Currency.getInstance(Objects.requireNonNull(code, "defaultCurrency")).getCurrencyCode();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("defaultCurrency must be an ISO 4217 currency code, was '" + code + "'"); // Currency's own says no more
        }
    }

    @Override
    public String eventType() {
        return EVENT_TYPE;
    }

    @Override
    public int fromVersion() {
        return 1;
    }

    @Override
    public String upcast(Event event) {
        if (!(mapper.readTree(event.payload()) instanceof ObjectNode payload)) {
            throw new IllegalArgumentException("payload must be a JSON object");
        }
        JsonNode amount = payload.get("amount");
        if (amount == null || !amount.isNumber()) {
            throw new IllegalArgumentException("amount must be a JSON number, was "
                    + (amount == null ? "missing" : amount.toString()));
        }
        JsonNode currency = payload.get("currency");
        payload.putObject("amount")
                .put("value", amount.decimalValue().toPlainString())
                .put("currency", currency != null && currency.isString() ? currency.stringValue() : defaultCurrency);
        return mapper.writeValueAsString(payload);
    }

    public String defaultCurrency() {
        return defaultCurrency;
    }
}
