package dev.backtest.sdk;

import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.RunOptions;
import dev.backtest.engine.Sweep;
import dev.backtest.engine.Timeframe;
import dev.backtest.engine.WalkForward;
import dev.backtest.engine.WalkForwardResult;
import dev.backtest.engine.strategies.Strategies;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The engine view's walk-forward: the engine's, with the built-in strategy's defaults and the client's grid limit. */
class EngineViewTest {

    private static CandleSeries randomWalk(int n) {
        Random r = new Random(9);
        long[] t = new long[n];
        double[] o = new double[n], h = new double[n], l = new double[n], c = new double[n], v = new double[n];
        double price = 100;
        for (int i = 0; i < n; i++) {
            t[i] = 1_704_067_200L + i * 86_400L;
            o[i] = price;
            c[i] = price * Math.exp(r.nextGaussian() * 0.01);
            h[i] = Math.max(o[i], c[i]) * 1.002;
            l[i] = Math.min(o[i], c[i]) * 0.998;
            v[i] = 1000;
            price = c[i];
        }
        return CandleSeries.of("RW", Timeframe.D1, t, o, h, l, c, v);
    }

    private static Map<String, List<?>> grid() {
        Map<String, List<?>> grid = new LinkedHashMap<>();
        grid.put("fast", List.of(4, 8));
        grid.put("slow", List.of(16, 24));
        return grid;
    }

    @Test
    void aBuiltInStrategyByKeyEqualsTheSameFactory() {
        CandleSeries series = randomWalk(240);
        WalkForward wf = WalkForward.of(Sweep.of(grid()).metric("return_pct"), 80, 40);
        EngineView view = new EngineView(1000);
        WalkForwardResult byKey = view.walkForward(series, wf, "sma_cross", RunOptions.defaults());
        WalkForwardResult byFactory = view.walkForward(series, wf,
                p -> Strategies.smaCross((int) p.get("fast"), (int) p.get("slow")), RunOptions.defaults());
        assertThat(byKey.windows()).hasSize(4);
        for (int k = 0; k < 4; k++) {
            assertThat(byKey.windows().get(k).params()).containsAllEntriesOf(byFactory.windows().get(k).params());
            assertThat(byKey.windows().get(k).endEquity()).isEqualTo(byFactory.windows().get(k).endEquity());
        }
    }

    @Test
    void aGridAboveTheLimitIsRefusedBeforeAnyRun() {
        EngineView view = new EngineView(3);
        assertThatThrownBy(() -> view.walkForward(randomWalk(240), WalkForward.of(Sweep.of(grid()), 80, 40), p -> {
            throw new AssertionError("no run expected");
        }, RunOptions.defaults())).isInstanceOfSatisfying(BacktestException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.GRID_TOO_LARGE));
        assertThatThrownBy(() -> view.walkForward(randomWalk(240), WalkForward.of(Sweep.of(grid()), 80, 40), "no_such",
                RunOptions.defaults())).isInstanceOfSatisfying(BacktestException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.STRATEGY_NOT_FOUND));
    }
}
