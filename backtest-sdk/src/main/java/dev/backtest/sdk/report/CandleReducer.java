package dev.backtest.sdk.report;

/** Merges consecutive candles so at most {@code max} are drawn: first open, highest high, lowest low, last close. */
final class CandleReducer {

    record Candles(long[] time, double[] open, double[] high, double[] low, double[] close, int size) {
    }

    private CandleReducer() {
    }

    static Candles reduce(long[] time, double[] open, double[] high, double[] low, double[] close, int max) {
        int n = time.length;
        int groups = Math.min(n, max);
        long[] t = new long[groups];
        double[] o = new double[groups];
        double[] h = new double[groups];
        double[] l = new double[groups];
        double[] c = new double[groups];
        for (int g = 0; g < groups; g++) {
            int from = (int) ((long) g * n / groups);
            int to = (int) ((long) (g + 1) * n / groups);
            t[g] = time[from];
            o[g] = open[from];
            c[g] = close[to - 1];
            double hi = high[from];
            double lo = low[from];
            for (int i = from + 1; i < to; i++) {
                hi = Math.max(hi, high[i]);
                lo = Math.min(lo, low[i]);
            }
            h[g] = hi;
            l[g] = lo;
        }
        return new Candles(t, o, h, l, c, groups);
    }
}
