package dev.backtest.sdk.index.internal;

import dev.backtest.engine.EquityStats;

/**
 * The benchmark statistics of docs/portfolio.md for an index whose benchmark need not be one of its assets: over
 * the active window (from the first fill, or from the benchmark's first price when that is later), with {@code r_i = v[i]/v[i−1] − 1} and
 * {@code r_b,i = b[i]/b[i−1] − 1}: returns, tracking error {@code std(r − r_b, ddof 1)·√N·100}, information ratio
 * {@code (A − B) / TE} with {@code A}, {@code B} the annualised geometric means, {@code beta}
 * {@code cov(ln(1+r), ln(1+r_b)) / var(ln(1+r_b))} (sample), and the Pearson correlation of {@code r} and
 * {@code r_b}. NaN where undefined.
 *
 * <pre>{@code
 * BenchmarkComparison c = BenchmarkComparison.of(indexValues, benchmarkCloses, 365, firstFill);
 * }</pre>
 */
record BenchmarkComparison(int first, double indexReturnPct, double benchmarkReturnPct, double trackingErrorAnnPct,
                           double informationRatio, double beta, double correlation) {

    /**
     * @param v the index values
     * @param b the benchmark's last price at each of the index's times (NaN before its first)
     * @param periodsPerYear N
     * @param from the index of the first fill's time
     */
    static BenchmarkComparison of(double[] v, double[] b, int periodsPerYear, int from) {
        int a = from;
        while (a < b.length && !(b[a] > 0)) {
            a++;
        }
        int n = v.length - a - 1;
        if (n < 1) {
            return new BenchmarkComparison(a, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] r = new double[n];
        double[] rb = new double[n];
        double[] diff = new double[n];
        double[] lr = new double[n];
        double[] lrb = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = v[a + i + 1] / v[a + i] - 1;
            rb[i] = b[a + i + 1] / b[a + i] - 1;
            diff[i] = r[i] - rb[i];
            lr[i] = Math.log1p(r[i]);
            lrb[i] = Math.log1p(rb[i]);
        }
        double te = Math.sqrt(covariance(diff, diff)) * Math.sqrt(periodsPerYear) * 100;
        double annIndex = (Math.pow(1 + EquityStats.geometricMean(r), periodsPerYear) - 1) * 100;
        double annBenchmark = (Math.pow(1 + EquityStats.geometricMean(rb), periodsPerYear) - 1) * 100;
        double varB = covariance(lrb, lrb);
        double sdR = Math.sqrt(covariance(r, r));
        double sdB = Math.sqrt(covariance(rb, rb));
        return new BenchmarkComparison(a, (v[v.length - 1] / v[a] - 1) * 100, (b[b.length - 1] / b[a] - 1) * 100, te,
                te > 0 ? (annIndex - annBenchmark) / te : Double.NaN, varB > 0 ? covariance(lr, lrb) / varB : Double.NaN,
                sdR > 0 && sdB > 0 ? covariance(r, rb) / (sdR * sdB) : Double.NaN);
    }

    /** The sample covariance (ddof 1); NaN with fewer than two values. */
    static double covariance(double[] x, double[] y) {
        int n = x.length;
        if (n < 2) {
            return Double.NaN;
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += (x[i] - mx) * (y[i] - my);
        }
        return s / (n - 1);
    }
}
