package dev.vigil.api.http;

import java.math.BigDecimal;

/**
 * The finite, closed range a numeric ingest field accepts. Bounding every number at the edge is what keeps the
 * totals built from them finite: no sum of bounded values in any realistic number of records overflows a double.
 */
public record Range(double min, double max) {

    public Range {
        if (!Double.isFinite(min) || !Double.isFinite(max) || min > max) {
            throw new IllegalArgumentException("a range needs finite bounds, min <= max: " + min + ", " + max);
        }
    }

    public static Range of(double min, double max) {
        return new Range(min, max);
    }

    /** Whether {@code value} lies within the bounds; never for NaN or an infinity. */
    public boolean contains(double value) {
        return value >= min && value <= max;
    }

    /** {@code from 0 to 86400000}: the bounds as a person writes them, without exponents or trailing zeros. */
    public String describe() {
        return "from " + plain(min) + " to " + plain(max);
    }

    private static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
