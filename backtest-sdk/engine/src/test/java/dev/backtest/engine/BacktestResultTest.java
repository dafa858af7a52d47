package dev.backtest.engine;

import dev.backtest.engine.strategies.Direction;
import dev.backtest.engine.strategies.Strategies;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The drawdown curve of a run, computed when first asked rather than by the run. */
class BacktestResultTest {

    private static BacktestResult run() {
        CandleSeries s = TestBars.randomWalk(3, 5_000, 60, 0.002);
        return Engine.run(s, Strategies.smaCross(5, 20, Direction.LONG_ONLY), RunOptions.builder().cash(10_000).build());
    }

    @Test
    void theDrawdownCurveIsOneMinusEquityOverItsRunningPeakAndTheSameArrayOnEveryCall() {
        BacktestResult r = run();
        double[] dd = r.drawdown();
        double[] equity = r.equity();
        double peak = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < equity.length; i++) {
            peak = Math.max(peak, equity[i]);
            assertThat(dd[i]).as("bar %d", i).isEqualTo(peak > 0 ? 1 - equity[i] / peak : 0);
        }
        assertThat(r.drawdown()).isSameAs(dd);
        assertThat(r.stats().maxDrawdownPct()).isEqualTo(-java.util.Arrays.stream(dd).max().orElseThrow() * 100);
    }

    @Test
    void threadsAskingAtOnceGetOneCurve() throws Exception {
        BacktestResult r = run();
        Set<double[]> seen = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        try {
            for (int k = 0; k < 4; k++) {
                pool.submit(() -> {
                    go.await();
                    return seen.add(r.drawdown());
                });
            }
            go.countDown();
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(seen).hasSize(1);
    }

    @Test
    void aGivenCurveIsKeptAsGiven() {
        double[] given = {0, 0.5};
        BacktestResult r = new BacktestResult(null, List.of(), new double[]{2, 1}, given, List.of(), RunOptions.defaults(), 0);
        assertThat(r.drawdown()).isSameAs(given);
        assertThat(new BacktestResult(null, List.of(), new double[]{2, 1}, null, List.of(), RunOptions.defaults(), 0).drawdown())
                .containsExactly(0, 0.5);
    }
}
