package dev.backtest.sdk.persistence.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Amounts between the engine's doubles and the database's {@code NUMERIC} columns, and as users read them.
 *
 * <pre>{@code
 * Amounts.plain(new BigDecimal("10000.00000000"));   // 10000
 * Amounts.decimal(0.1 + 0.2, 10);                    // 0.3000000000
 * }</pre>
 */
public final class Amounts {

    private Amounts() {
    }

    /** Without the column's trailing zeros, so 10000.00000000 reads 10000; null stays null. */
    public static BigDecimal plain(BigDecimal v) {
        if (v == null) {
            return null;
        }
        BigDecimal s = v.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }

    /** A double as a column of {@code scale} decimals (half-even); null for NaN and infinities. */
    public static BigDecimal decimal(double v, int scale) {
        return Double.isFinite(v) ? BigDecimal.valueOf(v).setScale(scale, RoundingMode.HALF_EVEN) : null;
    }

    /** A double as a nullable column: null for NaN and infinities. */
    public static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
