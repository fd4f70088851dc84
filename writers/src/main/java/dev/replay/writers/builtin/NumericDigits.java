package dev.replay.writers.builtin;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * A non-negative decimal as PostgreSQL stores a numeric: base-10000 digits aligned on the decimal
 * point, most significant first, without leading or trailing zero digits, and the weight (the
 * power of 10000 of the first digit). Zero has no digits and weight 0.
 *
 * @param weight the power of 10000 of {@code digits[0]}
 * @param digits base-10000 digits, 0 to 9999 each
 */
record NumericDigits(int weight, short[] digits) {

    private static final BigInteger TEN_THOUSAND = BigInteger.valueOf(10_000);
    private static final long[] POWERS_OF_TEN = {1, 10, 100, 1_000};

    /** The digits of {@code abs}, which must not be negative. */
    static NumericDigits of(BigDecimal abs) {
        int scale = Math.max(abs.scale(), 0);
        BigInteger unscaled = abs.setScale(scale).unscaledValue();
        int alignedScale = (scale + 3) / 4 * 4; // fraction digits in whole groups of four
        short[] lowFirst = unscaled.bitLength() <= 50
                ? groups(unscaled.longValue() * POWERS_OF_TEN[alignedScale - scale])
                : groups(unscaled.multiply(BigInteger.TEN.pow(alignedScale - scale)));
        int count = lowFirst.length;
        int trailingZeros = 0;
        while (trailingZeros < count && lowFirst[trailingZeros] == 0) {
            trailingZeros++;
        }
        if (trailingZeros == count) {
            return new NumericDigits(0, new short[0]);
        }
        short[] digits = new short[count - trailingZeros];
        for (int i = 0; i < digits.length; i++) {
            digits[i] = lowFirst[count - 1 - i];
        }
        return new NumericDigits(count - 1 - alignedScale / 4, digits);
    }

    /** Base-10000 digits of a non-negative long, least significant first, none for zero. */
    private static short[] groups(long value) {
        short[] groups = new short[5];
        int count = 0;
        for (long rest = value; rest > 0; rest /= 10_000) {
            groups[count++] = (short) (rest % 10_000);
        }
        return Arrays.copyOf(groups, count);
    }

    private static short[] groups(BigInteger value) {
        short[] groups = new short[value.bitLength() / 13 + 2];
        int count = 0;
        for (BigInteger rest = value; rest.signum() > 0; count++) {
            BigInteger[] quotientAndRemainder = rest.divideAndRemainder(TEN_THOUSAND);
            groups[count] = quotientAndRemainder[1].shortValue();
            rest = quotientAndRemainder[0];
        }
        return Arrays.copyOf(groups, count);
    }
}
