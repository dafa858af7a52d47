package dev.backtest.sdk.index.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The benchmark statistics against values worked out by hand (and with numpy: ddof 1, log returns for beta). */
class BenchmarkComparisonTest {

    @Test
    void statisticsOverTheActiveWindowMatchHandComputedValues() {
        // index returns from t=1 on: +10 %, -10 %, +20 %; benchmark: +5 %, -5 %, +10 %
        double[] v = {100, 100, 110, 99, 118.8};
        double[] b = {Double.NaN, 50, 52.5, 49.875, 54.8625};
        BenchmarkComparison c = BenchmarkComparison.of(v, b, 252, 1);
        assertThat(c.first()).isEqualTo(1);
        assertThat(c.indexReturnPct()).isCloseTo(18.8, within(1e-9));
        assertThat(c.benchmarkReturnPct()).isCloseTo(9.725, within(1e-9));
        // r - r_b = 0.05, -0.05, 0.10: mean 1/30, sample std 0.0763762615825973
        assertThat(c.trackingErrorAnnPct()).isCloseTo(0.0763762615825973 * Math.sqrt(252) * 100, within(1e-9));
        // r = 2 r_b exactly: a perfect correlation; in log returns beta is a little below 2
        assertThat(c.correlation()).isCloseTo(1.0, within(1e-12));
        double[] lr = {Math.log(1.1), Math.log(0.9), Math.log(1.2)};
        double[] lb = {Math.log(1.05), Math.log(0.95), Math.log(1.1)};
        assertThat(c.beta()).isCloseTo(BenchmarkComparison.covariance(lr, lb) / BenchmarkComparison.covariance(lb, lb), within(1e-12));
        assertThat(c.beta()).isBetween(1.9, 2.0);
        double annIndex = (Math.pow(Math.cbrt(1.1 * 0.9 * 1.2), 252) - 1) * 100;
        double annBenchmark = (Math.pow(Math.cbrt(1.05 * 0.95 * 1.1), 252) - 1) * 100;
        assertThat(c.informationRatio()).isCloseTo((annIndex - annBenchmark) / c.trackingErrorAnnPct(), within(1e-6));
    }

    @Test
    void aWindowWithoutTwoPricesIsUndefined() {
        BenchmarkComparison c = BenchmarkComparison.of(new double[] {1, 2, 3}, new double[] {Double.NaN, Double.NaN, 4}, 365, 0);
        assertThat(c.first()).isEqualTo(2);
        assertThat(c.beta()).isNaN();
        assertThat(c.trackingErrorAnnPct()).isNaN();
        assertThat(c.indexReturnPct()).isNaN();
        assertThat(BenchmarkComparison.covariance(new double[] {1}, new double[] {1})).isNaN();
        // a flat benchmark: no variance, beta and correlation undefined
        BenchmarkComparison flat = BenchmarkComparison.of(new double[] {1, 2, 3}, new double[] {5, 5, 5}, 365, 0);
        assertThat(flat.beta()).isNaN();
        assertThat(flat.correlation()).isNaN();
        assertThat(flat.trackingErrorAnnPct()).isPositive();
    }
}
