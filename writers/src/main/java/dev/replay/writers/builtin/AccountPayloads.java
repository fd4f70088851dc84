package dev.replay.writers.builtin;

import dev.replay.writers.InvalidEventException;
import dev.replay.writers.ProjectedEvent;
import java.math.BigDecimal;
import java.math.RoundingMode;
import tools.jackson.databind.JsonNode;

/**
 * What {@code account-balances} reads from payloads, and the range it computes in.
 *
 * <p><b>Range.</b> Amounts and balances are exact in whole cents as 64-bit integers. An amount, and
 * an account's balance after any event, must lie within ±{@value #MAX_TEXT}: twice that still fits a
 * {@code long}, so no sum of two checked values overflows, and {@code numeric(19,2)} holds it. An
 * amount beyond it, or an event that would take a balance beyond it, is an
 * {@link InvalidEventException} naming the field (or the account) and the value: dead-lettered with
 * {@code replay.skip-invalid}, never clamped.
 *
 * <p>Happy path without allocation beyond the amount itself: the range of an amount is checked
 * from its precision and scale, before it is scaled to cents. Stateless.
 */
final class AccountPayloads {

    static final long MAX_CENTS = 999_999_999_999_999_999L;
    static final String MAX_TEXT = "9999999999999999.99";
    /** Integer digits of the largest amount: more than these and it is out of range before rounding. */
    private static final int MAX_INTEGER_DIGITS = 16;
    /** Numbers from here on are shown in scientific notation. */
    private static final BigDecimal LONG_AS_TEXT = BigDecimal.TEN.pow(30);

    static final String OPENED = "AccountOpened";
    static final String DEPOSITED = "Deposited";
    static final String WITHDRAWN = "Withdrawn";
    static final String CLOSED = "AccountClosed";

    private AccountPayloads() {
    }

    /**
     * Checks what the projection will read of the event: a movement's amount (a non-negative number in
     * range), an opening's owner and currency when present (a non-blank string, a three-letter code).
     */
    static void validate(ProjectedEvent event) {
        if (amount(event) != null) {
            return;
        }
        if (OPENED.equals(event.eventType())) {
            event.topLevelString("owner").ifPresent(owner -> {
                if (owner.isBlank()) {
                    throw new InvalidEventException(event.event(), "owner must not be blank, was \"" + owner + "\"");
                }
            });
            event.topLevelString("currency").ifPresent(currency -> {
                if (!isCurrencyCode(currency)) {
                    throw new InvalidEventException(event.event(), "currency must be a three-letter code such as EUR,"
                            + " was \"" + cut(currency) + "\"");
                }
            });
        } else {
            event.topLevelDecimal("amount"); // every handled payload must be one JSON object, not only the movements'
        }
    }

    /** The signed amount of a movement in whole cents, rounded half-even; 0 for other events. */
    static long amountCents(ProjectedEvent event) {
        BigDecimal amount = amount(event);
        if (amount == null || amount.signum() == 0 || amount.precision() - amount.scale() < -2) {
            return 0; // below 0.001: rounds to no cent, and 1e-999999999 is never scaled digit by digit
        }
        long cents = amount.setScale(2, RoundingMode.HALF_EVEN).movePointRight(2).longValue();
        if (cents > MAX_CENTS || cents < -MAX_CENTS) { // in range before rounding, but rounds up beyond it
            throw outOfRange(event, amount.abs());
        }
        return cents;
    }

    /**
     * The balance after a movement: {@code before + cents}.
     *
     * @param before the account's balance before the event, in cents, within ±2 × {@link #MAX_CENTS}
     * @throws InvalidEventException naming the account, the balance and the amount when the result is out of range
     */
    static long balanceAfter(ProjectedEvent event, long before, long cents) {
        long after = before + cents;
        if (after > MAX_CENTS || after < -MAX_CENTS) {
            throw new InvalidEventException(event.event(), "balance of account " + event.aggregateId()
                    + " would leave the range ±" + MAX_TEXT + ": " + BigDecimal.valueOf(before, 2).toPlainString()
                    + (cents < 0 ? " - " : " + ") + BigDecimal.valueOf(Math.abs(cents), 2).toPlainString());
        }
        return after;
    }

    /** The signed amount of a movement, null for other events. */
    private static BigDecimal amount(ProjectedEvent event) {
        boolean deposit = DEPOSITED.equals(event.eventType());
        if (!deposit && !WITHDRAWN.equals(event.eventType())) {
            return null;
        }
        BigDecimal value = event.topLevelDecimal("amount").orElseGet(() -> structuredAmount(event));
        if (value.signum() < 0) {
            throw new InvalidEventException(event.event(), "amount must not be negative, was " + text(value));
        }
        if (value.signum() > 0 && value.precision() - value.scale() > MAX_INTEGER_DIGITS) {
            throw outOfRange(event, value);
        }
        return deposit ? value : value.negate();
    }

    private static InvalidEventException outOfRange(ProjectedEvent event, BigDecimal amount) {
        return new InvalidEventException(event.event(), "amount must be at most " + MAX_TEXT + ", was " + text(amount));
    }

    /** A number as a message shows it: its digits, or 1E+400 rather than 401 of them. */
    private static String text(BigDecimal number) {
        String plain = number.abs().compareTo(LONG_AS_TEXT) < 0 ? number.toPlainString() : null;
        return plain != null ? plain : cut(number.stripTrailingZeros().toString());
    }

    /**
     * The {@code value} of an amount of the form {@code {"value": "12.34", "currency": "EUR"}}
     * ({@code Deposited} v2, see {@link DepositedAmountUpcaster}), a decimal string or a JSON number.
     * Only reached when {@code amount} is not a plain number, so v1 events never build a tree.
     */
    private static BigDecimal structuredAmount(ProjectedEvent event) {
        JsonNode amount = event.json().get("amount");
        JsonNode value = amount != null && amount.isObject() ? amount.get("value") : null;
        if (value != null && value.isNumber()) {
            return value.decimalValue();
        }
        if (value != null && value.isString() && value.stringValue().length() <= 1000) {
            try {
                return new BigDecimal(value.stringValue());
            } catch (NumberFormatException e) {
                // reported below, naming the whole amount
            }
        }
        throw new InvalidEventException(event.event(), "amount must be a JSON number or an object with a decimal"
                + " value, was " + ProjectedEvent.describe(amount));
    }

    private static boolean isCurrencyCode(String code) {
        if (code.length() != 3) {
            return false;
        }
        for (int i = 0; i < 3; i++) {
            if (code.charAt(i) < 'A' || code.charAt(i) > 'Z') {
                return false;
            }
        }
        return true;
    }

    private static String cut(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "... (" + text.length() + " characters)";
    }
}
