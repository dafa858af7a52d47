package dev.backtest.engine;

import dev.backtest.engine.strategies.Strategies;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The speed paths of issue 19 give exactly what the plain computations give: beta from blocks of log ratios against
 * a per-bar sum of {@link Stats#logRatio}, the drawdown curve of the block passes against the formula,
 * and the broker's array of open trades as the strategy sees it.
 */
class EngineFastPathsTest {

    /** Equity with flat stretches, small moves and jumps beyond the series' range (|u| > 2⁻⁷), over several blocks. */
    private static double[] curve(long seed, int n, double start) {
        Random r = new Random(seed);
        double[] e = new double[n];
        e[0] = start;
        for (int i = 1; i < n; i++) {
            int kind = r.nextInt(10);
            e[i] = kind < 3 ? e[i - 1] : kind < 9 ? e[i - 1] * (1 + r.nextGaussian() * 0.003) : e[i - 1] * (1 + r.nextGaussian() * 0.05);
        }
        return e;
    }

    @Test
    void betaIsBitForBitThePerBarSumOfLogRatios() {
        for (int n : new int[]{2, 3, 511, 512, 513, 1500, 4099}) {
            assertBetaIsThePerBarSum(curve(n, n, 10_000), curve(n + 1, n, 100));
        }
    }

    /** Blocks within the series' range and blocks beyond it (summed again value by value) in one run. */
    @Test
    void betaIsBitForBitThePerBarSumAlsoWithRareJumpsZerosAndNaN() {
        int n = 5000;
        Random r = new Random(5);
        double[] equity = new double[n];
        double[] close = new double[n];
        equity[0] = 10_000;
        close[0] = 100;
        for (int i = 1; i < n; i++) {
            equity[i] = r.nextInt(3) == 0 ? equity[i - 1] : equity[i - 1] * (1 + r.nextGaussian() * 0.001);
            close[i] = close[i - 1] * (1 + r.nextGaussian() * 0.001);
        }
        equity[700] *= 1.2; // one jump in the second block, one in the fifth
        close[2100] *= 0.8;
        assertBetaIsThePerBarSum(equity, close);
        double[] zeros = equity.clone();
        zeros[3000] = 0; // 0/0 there: NaN from then on
        zeros[3001] = 0;
        assertBetaIsThePerBarSum(zeros, close);
        double[] nan = equity.clone();
        nan[4500] = Double.NaN;
        assertBetaIsThePerBarSum(nan, close);
        double[] negative = equity.clone();
        negative[1200] = -negative[1200];
        assertBetaIsThePerBarSum(negative, close);
    }

    private static void assertBetaIsThePerBarSum(double[] equity, double[] close) {
        int n = equity.length;
        long[] time = new long[n];
        for (int i = 0; i < n; i++) {
            time[i] = TestBars.MONDAY + 3600L * i;
        }
        Stats s = Stats.compute(time, close, equity, List.of(), 0, 0);
        double a0 = Stats.logRatio(equity[1], equity[0]);
        double b0 = Stats.logRatio(close[1], close[0]);
        double sa = 0, sb = 0, sab = 0, sbb = 0;
        for (int i = 1; i < n; i++) {
            double a = Stats.logRatio(equity[i], equity[i - 1]) - a0;
            double b = Stats.logRatio(close[i], close[i - 1]) - b0;
            sa += a;
            sb += b;
            sab += a * b;
            sbb += b * b;
        }
        int m = n - 1;
        double beta = n < 3 ? Double.NaN : (sab - sa * sb / m) / (m - 1) / ((sbb - sb * sb / m) / (m - 1));
        assertThat(Double.doubleToRawLongBits(s.beta())).as("n = %d", n).isEqualTo(Double.doubleToRawLongBits(beta));
    }

    @Test
    void drawdownCurveIsTheFormulaAlsoOnFlatStretches() {
        double[] e = curve(3, 3000, 1_000);
        e[100] = 0; // equity at zero, then flat at zero
        e[101] = 0;
        double[] dd = EquityStats.drawdown(e);
        double peak = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < e.length; i++) {
            peak = Math.max(peak, e[i]);
            assertThat(dd[i]).as("bar %d", i).isEqualTo(peak > 0 ? 1 - e[i] / peak : 0);
        }
    }

    @Test
    void theStrategySeesOpenTradesOldestFirstInAReadOnlyList() {
        CandleSeries s = TestBars.randomWalk(11, 60, TestBars.DAY);
        List<List<Integer>> seen = new ArrayList<>();
        List<Throwable> refused = new ArrayList<>();
        BacktestResult r = Engine.run(s, TestBars.scripted(ctx -> {
            if (ctx.bar() <= 6) {
                ctx.buy(Order.units(1)); // six trades open at once: the broker's array grows past 4
            } else if (ctx.bar() == 10) {
                ctx.trades().get(2).close();
                try {
                    ctx.trades().remove(0);
                } catch (UnsupportedOperationException e) {
                    refused.add(e);
                }
            }
            List<Integer> bars = new ArrayList<>();
            for (OpenTrade t : ctx.trades()) {
                bars.add(t.entryBar());
            }
            seen.add(bars);
        }), TestBars.frictionless(10_000).build());
        assertThat(seen.get(9)).containsExactly(2, 3, 4, 5, 6, 7);
        assertThat(seen.get(10)).containsExactly(2, 3, 5, 6, 7); // bar 11's step closed the trade of bar 4
        assertThat(refused).hasSize(1);
        assertThat(r.trades().get(0).entryBar()).isEqualTo(4);
        assertThatThrownBy(() -> Engine.run(s, TestBars.scripted(ctx -> ctx.trades().get(0)), TestBars.frictionless(10_000).build()))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(Engine.run(s, Strategies.smaCross(2, 5), TestBars.frictionless(10_000).build()).trades()).isNotEmpty();
    }
}
