package dev.backtest.sdk.report;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class LineReducerTest {

    @Test
    void keepsEveryPointOfAShortLine() {
        assertThat(LineReducer.indices(5, 10, new double[5])).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void keepsTheExtremesOfEveryLineOnSharedTimesWithinTheBudget() {
        SplittableRandom r = new SplittableRandom(3);
        int n = 100_000;
        double[] a = new double[n];
        double[] b = new double[n];
        for (int i = 1; i < n; i++) {
            a[i] = a[i - 1] + r.nextGaussian();
            b[i] = i < 50 ? Double.NaN : b[i - 1] + r.nextGaussian();
        }
        int[] kept = LineReducer.indices(n, 1500, a, b);
        assertThat(kept.length).isLessThanOrEqualTo(1500).isGreaterThan(700);
        assertThat(kept[0]).isZero();
        assertThat(kept[kept.length - 1]).isEqualTo(n - 1);
        for (int i = 1; i < kept.length; i++) {
            assertThat(kept[i]).isGreaterThan(kept[i - 1]);
        }
        for (double[] line : new double[][] {a, b}) {
            double[] picked = LineReducer.pick(line, kept);
            assertThat(max(picked)).isEqualTo(max(line));
            assertThat(min(picked)).isEqualTo(min(line));
        }
        assertThat(LineReducer.pick(new long[] {7, 8, 9}, new int[] {0, 2})).containsExactly(7, 9);
    }

    private static double max(double[] v) {
        return Arrays.stream(v).filter(d -> !Double.isNaN(d)).max().orElseThrow();
    }

    private static double min(double[] v) {
        return Arrays.stream(v).filter(d -> !Double.isNaN(d)).min().orElseThrow();
    }
}
