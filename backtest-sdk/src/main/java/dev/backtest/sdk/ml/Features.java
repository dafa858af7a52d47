package dev.backtest.sdk.ml;

import dev.backtest.engine.indicators.Indicators;

/**
 * The feature columns of a spec over a series, and its targets. Row {@code t} reads bars {@code <= t} only (the targets
 * are the only values that read ahead, and only training sees them); rows before the lookback are NaN.
 */
final class Features {

    private Features() {
    }

    /** {@code [column][bar]}: one array per feature column, NaN where a bar lacks history. */
    static double[][] columns(ModelSpec spec, double[] open, double[] high, double[] low, double[] close, double[] volume) {
        int n = close.length;
        double[][] out = new double[spec.columns().size()][];
        int c = 0;
        for (String f : spec.features()) {
            if (f.equals("returns")) {
                for (int k = 1; k <= spec.lags(); k++) {
                    out[c++] = laggedReturn(close, k);
                }
                continue;
            }
            double[] col = new double[n];
            switch (f) {
                case "range" -> {
                    for (int t = 0; t < n; t++) {
                        col[t] = (high[t] - low[t]) / close[t];
                    }
                }
                case "body" -> {
                    for (int t = 0; t < n; t++) {
                        col[t] = (close[t] - open[t]) / open[t];
                    }
                }
                case "upper_wick" -> {
                    for (int t = 0; t < n; t++) {
                        col[t] = (high[t] - Math.max(open[t], close[t])) / close[t];
                    }
                }
                case "lower_wick" -> {
                    for (int t = 0; t < n; t++) {
                        col[t] = (Math.min(open[t], close[t]) - low[t]) / close[t];
                    }
                }
                case "volume_change" -> {
                    col[0] = Double.NaN;
                    for (int t = 1; t < n; t++) {
                        // a bar after one without volume (an index, a holiday) has no change to speak of
                        col[t] = volume[t - 1] > 0 ? volume[t] / volume[t - 1] - 1 : 0;
                    }
                }
                default -> col = indicator(f, close);
            }
            out[c++] = col;
        }
        return out;
    }

    private static double[] indicator(String f, double[] close) {
        int colon = f.indexOf(':');
        int period = Integer.parseInt(f.substring(colon + 1));
        String name = f.substring(0, colon);
        int n = close.length;
        double[] col = new double[n];
        if (name.equals("rsi")) {
            double[] rsi = Indicators.rsi(close, period);
            for (int t = 0; t < n; t++) {
                col[t] = rsi[t] / 100 - 0.5;
            }
            return col;
        }
        double[] avg = name.equals("sma") ? Indicators.sma(close, period) : Indicators.ema(close, period);
        for (int t = 0; t < n; t++) {
            col[t] = close[t] / avg[t] - 1;
        }
        return col;
    }

    /** {@code close[t - k + 1] / close[t - k] - 1}: the return {@code k - 1} bars ago. */
    private static double[] laggedReturn(double[] close, int k) {
        int n = close.length;
        double[] col = new double[n];
        for (int t = 0; t < n; t++) {
            col[t] = t - k >= 0 ? close[t - k + 1] / close[t - k] - 1 : Double.NaN;
        }
        return col;
    }

    /** The return from bar {@code t}'s close to bar {@code t + horizon}'s; NaN where that bar is past the end. */
    static double[] targets(double[] close, int horizon) {
        int n = close.length;
        double[] y = new double[n];
        for (int t = 0; t < n; t++) {
            y[t] = t + horizon < n ? close[t + horizon] / close[t] - 1 : Double.NaN;
        }
        return y;
    }

    /** Whether every column has a finite value at bar {@code t}. */
    static boolean complete(double[][] cols, int t) {
        for (double[] col : cols) {
            if (!Double.isFinite(col[t])) {
                return false;
            }
        }
        return true;
    }
}
