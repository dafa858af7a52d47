package dev.backtest.engine;

import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.indicators.Indicators;
import dev.backtest.engine.strategies.Direction;
import dev.backtest.engine.strategies.Strategies;
import dev.backtest.engine.strategies.StrategySpec;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StrategiesTest {

    private final CandleSeries data = TestBars.randomWalk(11, 1500, TestBars.DAY);

    @Test
    void smaCrossTradesExactlyOnTheCrossings() {
        BacktestResult r = Engine.run(data, Strategies.smaCross(10, 30), RunOptions.builder().commission(0).finalizeTrades(true).build());
        double[] f = Indicators.sma(data.close(), 10);
        double[] s = Indicators.sma(data.close(), 30);
        int crossings = 0;
        int first = -1;
        for (int i = 30; i < data.size() - 1; i++) { // decisions on bars 30..n−1; the last bar's orders fill in finalize
            if (Indicators.crossover(f, s, i) || Indicators.crossunder(f, s, i)) {
                crossings++;
                if (first < 0) {
                    first = i;
                }
            }
        }
        // long_short: each crossing after the first closes one trade and opens the next; finalize closes the last
        assertThat(r.trades()).hasSize(crossings);
        assertThat(r.trades().get(0).entryBar()).isEqualTo(first + 1);
        assertThat(r.warmup()).isEqualTo(29);
    }

    @Test
    void longOnlyNeverGoesShort() {
        BacktestResult r = Engine.run(data, Strategies.smaCross(10, 30, Direction.LONG_ONLY), RunOptions.defaults());
        assertThat(r.trades()).isNotEmpty().allSatisfy(t -> assertThat(t.size()).isPositive());
        BacktestResult both = Engine.run(data, Strategies.smaCross(10, 30), RunOptions.defaults());
        assertThat(both.trades()).anySatisfy(t -> assertThat(t.size()).isNegative());
    }

    @Test
    void everyBuiltInRunsWithItsDefaults() {
        for (StrategySpec spec : Strategies.specs()) {
            BacktestResult r = Engine.run(data, spec.create(Map.of()), RunOptions.builder().finalizeTrades(true).build());
            assertThat(r.trades()).as(spec.key()).isNotEmpty();
        }
        assertThat(Strategies.specs()).extracting(StrategySpec::key).containsExactly("sma_cross", "ema_cross", "macd_cross",
                "rsi_reversion", "bollinger_breakout", "donchian_breakout", "buy_and_hold", "pattern_breakout");
    }

    @Test
    void createValidatesParametersAgainstTheSchema() {
        assertThat(Strategies.spec("sma_cross").validate(Map.of("fast", 5))).containsEntry("fast", 5).containsEntry("slow", 30)
                .containsEntry("direction", "long_short");
        assertThatThrownBy(() -> Strategies.create("sma_cross", Map.of("fast", 40, "slow", 30)))
                .hasMessageContaining("fast 40 must be less than slow 30");
        assertThatThrownBy(() -> Strategies.create("sma_cross", Map.of("fats", 4)))
                .hasMessageContaining("parameters.fats is not a parameter of sma_cross; accepted: fast, slow, direction");
        assertThatThrownBy(() -> Strategies.create("sma_cross", Map.of("fast", 2.5))).hasMessageContaining("must be an integer");
        assertThatThrownBy(() -> Strategies.create("rsi_reversion", Map.of("upper", 120)))
                .hasMessageContaining("parameters.upper must be a number from 0.0 to 100.0; got 120");
        assertThatThrownBy(() -> Strategies.create("sma_cross", Map.of("direction", "sideways"))).hasMessageContaining("long_only");
        assertThatThrownBy(() -> Strategies.create("sma_cross", Map.of("fast", 0, "slow", 1, "speed", 3)))
                .isInstanceOfSatisfying(BacktestException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_STRATEGY_PARAMETER);
                    assertThat(e.getMessage()).contains("parameters.speed", "parameters.fast must be an integer from 1 to 10000; got 0",
                            "parameters.slow must be an integer from 2 to 10000; got 1");
                });
        assertThatThrownBy(() -> Strategies.create("nope", Map.of())).isInstanceOfSatisfying(BacktestException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.STRATEGY_NOT_FOUND));
    }
}
