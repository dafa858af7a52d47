package dev.backtest.engine;

import dev.backtest.engine.strategies.Strategies;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.error.FieldError;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SweepTest {

    private final CandleSeries data = TestBars.randomWalk(11, 1500, TestBars.DAY);
    private final Function<Map<String, Object>, Strategy> smaCross = Strategies.spec("sma_cross")::create;

    private static Map<String, List<?>> grid() {
        Map<String, List<?>> grid = new LinkedHashMap<>();
        grid.put("fast", List.of(5, 10, 20, 40));
        grid.put("slow", List.of(10, 30, 60));
        return grid;
    }

    @Test
    void ranksEveryAcceptedCombinationByTheMetricAsSeparateRunsWould() {
        SweepResult r = Sweep.of(grid()).constraint("fast < slow").metric("return_pct").top(100).threads(2)
                .run(data, smaCross, RunOptions.defaults());
        assertThat(r.gridSize()).isEqualTo(12);
        assertThat(r.evaluated()).isEqualTo(8);
        assertThat(r.best()).hasSize(8);
        for (SweepResult.Entry e : r.best()) {
            double direct = Engine.run(data, Strategies.smaCross((int) e.params().get("fast"), (int) e.params().get("slow")),
                    RunOptions.defaults()).stats().returnPct();
            assertThat(e.metric()).as("%s", e.params()).isEqualTo(direct);
            assertThat((int) e.params().get("fast")).isLessThan((int) e.params().get("slow"));
        }
        for (int i = 1; i < r.best().size(); i++) {
            assertThat(r.best().get(i - 1).metric()).isGreaterThanOrEqualTo(r.best().get(i).metric());
        }
    }

    @Test
    void theTextConstraintAndTheSamePredicateSelectTheSameCombinations() {
        Sweep text = Sweep.of(grid()).constraint("fast < slow").metric("return_pct").top(3);
        Sweep predicate = Sweep.of(grid()).constraint(p -> (int) p.get("fast") < (int) p.get("slow")).metric("return_pct").top(3);
        assertThat(text.combinations(smaCross)).isEqualTo(predicate.combinations(smaCross)).hasSize(8);
        assertThat(text.run(data, smaCross, RunOptions.defaults())).isEqualTo(predicate.run(data, smaCross, RunOptions.defaults()));
        assertThat(Sweep.of(grid()).constraint("fast <= slow").combinations(p -> Strategies.buyAndHold())).hasSize(9);
    }

    @Test
    void combinationsTheStrategyRejectsAreSkippedAndNotCounted() {
        // without a constraint, sma_cross itself refuses fast >= slow: the same 8 run
        SweepResult r = Sweep.of(grid()).metric("return_pct").top(100).run(data, smaCross, RunOptions.defaults());
        assertThat(r.gridSize()).isEqualTo(12);
        assertThat(r.evaluated()).isEqualTo(8);
        assertThat(r.best()).extracting(e -> e.params().get("fast") + "/" + e.params().get("slow"))
                .doesNotContain("10/10", "20/10", "40/10", "40/30");
    }

    @Test
    void anErrorOtherThanARejectedParameterFailsTheSweep() {
        Function<Map<String, Object>, Strategy> broken = p -> {
            throw BacktestException.of(ErrorCode.INVALID_ORDER, "broken");
        };
        assertThatThrownBy(() -> Sweep.of(grid()).run(data, broken, RunOptions.defaults()))
                .isInstanceOfSatisfying(BacktestException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ORDER));
    }

    @Test
    void anUnknownMetricIsRefusedBeforeAnyRun() {
        AtomicInteger created = new AtomicInteger();
        assertThatThrownBy(() -> Sweep.of(grid()).metric("sharpe").run(data, p -> {
            created.incrementAndGet();
            return smaCross.apply(p);
        }, RunOptions.defaults()))
                .isInstanceOfSatisfying(BacktestException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_RUN_OPTIONS);
                    assertThat(e.getMessage()).contains("'sharpe'", "sharpe_ratio");
                });
        assertThat(created).hasValue(0);
    }

    @Test
    void anotherKindOfStatisticsNamesItsOwnMetricsAndASingleAssetRunRefusesThemBeforeAnyRun() {
        assertThatThrownBy(() -> Sweep.of(grid()).metric("turnover_pct"))
                .isInstanceOfSatisfying(BacktestException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_RUN_OPTIONS));
        java.util.function.UnaryOperator<String> portfolioNames = name -> {
            if (!name.equals("turnover_pct") && !name.equals("sharpe_ratio")) {
                throw BacktestException.of(ErrorCode.INVALID_RUN_OPTIONS, "unknown metric '" + name + "'");
            }
            return name;
        };
        Sweep sweep = Sweep.of(grid()).statistics(portfolioNames).metric("turnover_pct").top(100);
        assertThat(sweep.metric()).isEqualTo("turnover_pct");
        assertThat(sweep.constraint("fast < slow").metric()).isEqualTo("turnover_pct");
        // statistics(...) checks the metric already chosen
        assertThatThrownBy(() -> Sweep.of(grid()).metric("trades").statistics(portfolioNames)).hasMessageContaining("'trades'");

        AtomicInteger created = new AtomicInteger();
        assertThatThrownBy(() -> sweep.run(data, p -> {
            created.incrementAndGet();
            return smaCross.apply(p);
        }, RunOptions.defaults())).isInstanceOfSatisfying(BacktestException.class,
                e -> assertThat(e.getMessage()).contains("'turnover_pct'", "sharpe_ratio"));
        assertThat(created.get()).as("only the factory check of the combinations ran").isEqualTo(12);

        // the evaluation core ranks any MetricSource: here a fake whose turnover_pct is fast + slow
        List<Map<String, Object>> combinations = sweep.combinations(smaCross);
        List<Sweep.Scored<MetricSource>> best = sweep.top(3).evaluate(combinations, 10, p -> {
            double v = (int) p.get("fast") + (int) p.get("slow");
            return name -> v;
        });
        assertThat(best).extracting(Sweep.Scored::metric).containsExactly(100.0, 80.0, 70.0);
        assertThat(best).extracting(Sweep.Scored::combination).containsExactly(17, 16, 14);
    }

    @Test
    void tiesKeepGridOrderAndUndefinedMetricsRankLast() {
        // buy_and_hold ignores the parameters: every combination has the same return, and no trade closes, so
        // win_rate_pct is undefined everywhere
        Map<String, List<?>> grid = new LinkedHashMap<>();
        grid.put("a", List.of(3, 1, 2));
        grid.put("b", List.of("x", "y"));
        SweepResult ties = Sweep.of(grid).metric("return_pct").top(6).run(data, p -> Strategies.buyAndHold(), RunOptions.defaults());
        assertThat(ties.best()).extracting(e -> e.params().get("a") + "" + e.params().get("b"))
                .containsExactly("3x", "3y", "1x", "1y", "2x", "2y");
        assertThat(ties.best()).extracting(SweepResult.Entry::combination).containsExactly(0, 1, 2, 3, 4, 5);

        List<Double> metrics = new ArrayList<>(List.of(Double.NaN, 2.0, Double.NaN, 5.0));
        List<Integer> order = new ArrayList<>(List.of(0, 1, 2, 3));
        order.sort(Sweep.ranking(i -> metrics.get(i), i -> i));
        assertThat(order).containsExactly(3, 1, 0, 2);
    }

    @Test
    void oneThreadAndTwoThreadsGiveTheSameResult() {
        Sweep sweep = Sweep.of(grid()).constraint("fast < slow").metric("sharpe_ratio").top(5);
        assertThat(sweep.threads(1).run(data, smaCross, RunOptions.defaults()))
                .isEqualTo(sweep.threads(2).run(data, smaCross, RunOptions.defaults()));
    }

    @Test
    void fixedParametersJoinEveryCombinationAndMayBeNamedByTheConstraint() {
        Map<String, List<?>> grid = new LinkedHashMap<>();
        grid.put("fast", List.of(5, 10, 50));
        Sweep sweep = Sweep.of(grid).fixed(Map.of("slow", 30, "direction", "long_only")).constraint("fast < slow");
        List<Map<String, Object>> combinations = sweep.combinations(smaCross);
        assertThat(combinations).containsExactly(
                Map.of("fast", 5, "slow", 30, "direction", "long_only"),
                Map.of("fast", 10, "slow", 30, "direction", "long_only"));
        // a grid value replaces a fixed one
        Map<String, List<?>> over = new LinkedHashMap<>();
        over.put("slow", List.of(20, 40));
        assertThat(Sweep.of(over).fixed(Map.of("fast", 10, "slow", 30)).combinations(smaCross))
                .extracting(p -> p.get("slow")).containsExactly(20, 40);
    }

    @Test
    void partsRankedTogetherGiveTheWholeSweep() {
        Sweep sweep = Sweep.of(grid()).constraint("fast < slow").metric("sharpe_ratio").top(3);
        List<Map<String, Object>> all = sweep.combinations(smaCross);
        List<SweepResult.Entry> parts = new ArrayList<>();
        parts.addAll(sweep.evaluate(data, smaCross, RunOptions.defaults(), all.subList(0, 3), 0));
        parts.addAll(sweep.evaluate(data, smaCross, RunOptions.defaults(), all.subList(3, all.size()), 3));
        parts.sort(Sweep.ranking(SweepResult.Entry::metric, SweepResult.Entry::combination));
        assertThat(parts.subList(0, 3)).isEqualTo(sweep.run(data, smaCross, RunOptions.defaults()).best());
    }

    @Test
    void badSweepsNameEveryFieldThatIsWrong() {
        Map<String, List<?>> grid = new LinkedHashMap<>();
        grid.put("fast", List.of());
        grid.put("slow", List.of(10));
        grid.put("k", null);
        assertThatThrownBy(() -> Sweep.of(grid)).isInstanceOfSatisfying(BacktestException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(errors(e)).extracting(FieldError::field).containsExactly("grid.fast", "grid.k");
        });
        assertThatThrownBy(() -> Sweep.of(Map.of())).isInstanceOfSatisfying(BacktestException.class,
                e -> assertThat(errors(e)).extracting(FieldError::field).containsExactly("grid"));
        assertThatThrownBy(() -> Sweep.of(grid()).constraint("fast < slow; System.exit(1)"))
                .isInstanceOfSatisfying(BacktestException.class,
                        e -> assertThat(errors(e)).singleElement().satisfies(f -> assertThat(f.field()).isEqualTo("constraint")));
        assertThatThrownBy(() -> Sweep.of(grid()).constraint("fast < period"))
                .hasMessageContaining("'period'").hasMessageContaining("[fast, slow]");
        assertThatThrownBy(() -> Sweep.of(grid()).top(0)).hasMessageContaining("top must be from 1 to 100; got 0");
        assertThatThrownBy(() -> Sweep.of(grid()).top(101)).hasMessageContaining("got 101");
        assertThatThrownBy(() -> Sweep.of(grid()).threads(-1)).hasMessageContaining("threads");
    }

    @Test
    void theGridSizeDoesNotOverflow() {
        Map<String, List<?>> huge = new LinkedHashMap<>();
        List<Integer> values = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            values.add(i);
        }
        for (int k = 0; k < 8; k++) {
            huge.put("p" + k, values);
        }
        assertThat(Sweep.of(huge).size()).isEqualTo(Long.MAX_VALUE);
        assertThat(Sweep.of(grid()).size()).isEqualTo(12);
    }

    @SuppressWarnings("unchecked")
    private static List<FieldError> errors(BacktestException e) {
        return (List<FieldError>) e.details().get("errors");
    }
}
