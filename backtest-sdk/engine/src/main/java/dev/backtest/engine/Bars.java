package dev.backtest.engine;

/** Validated input columns of one run. */
record Bars(long[] time, double[] open, double[] high, double[] low, double[] close, double[] volume) {
    int n() {
        return time.length;
    }
}
