package dev.backtest.engine.patterns;

import dev.backtest.error.FieldErrors;

/** Checks of the price arrays the detectors take: one place, so every entry point refuses the same input. */
final class Inputs {

    private Inputs() {
    }

    /**
     * Non-null arrays of one length with finite positive prices and {@code low <= high} ({@code close} may be null);
     * the first problem is reported as {@code VALIDATION_FAILED} naming the array and index.
     */
    static void check(double[] high, double[] low, double[] close) {
        if (high == null || low == null) {
            throw FieldErrors.single(high == null ? "high" : "low", "is required");
        }
        if (low.length != high.length || close != null && close.length != high.length) {
            String field = low.length != high.length ? "low" : "close";
            throw FieldErrors.single(field, "has " + (field.equals("low") ? low.length : close.length) + " values for "
                    + high.length + " highs; the arrays must be aligned");
        }
        for (int i = 0; i < high.length; i++) {
            bar(i, high[i], low[i], close == null ? 1 : close[i]);
        }
    }

    /** One bar's prices, named by index ({@code low[12]}) when wrong. */
    static void bar(int i, double high, double low, double close) {
        positive("high", i, high);
        positive("low", i, low);
        positive("close", i, close);
        if (low > high) {
            throw FieldErrors.single("low[" + i + "]", "must not be above high " + high + "; got " + low);
        }
    }

    private static void positive(String name, int i, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw FieldErrors.single(name + "[" + i + "]", "must be a finite price > 0; got " + v);
        }
    }
}
