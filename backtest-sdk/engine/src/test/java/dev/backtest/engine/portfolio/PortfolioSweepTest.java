package dev.backtest.engine.portfolio;

import dev.backtest.engine.Sweep;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.error.FieldError;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.backtest.engine.portfolio.PortfolioData.everyDay;
import static dev.backtest.engine.portfolio.PortfolioData.weekdays;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Portfolio parameters through the one Sweep: ranking, constraint and skip rules as for single-asset sweeps. */
class PortfolioSweepTest {

    private final Portfolio portfolio = Portfolio.builder()
            .asset("A", PortfolioData.randomWalk("A", 11, everyDay(0, 500), 0.02))
            .asset("B", PortfolioData.randomWalk("B", 12, weekdays(0, 500), 0.01))
            .asset("C", PortfolioData.randomWalk("C", 13, weekdays(20, 480), 0.03))
            .asset("D", PortfolioData.randomWalk("D", 14, everyDay(0, 450), 0.015))
            .options(PortfolioOptions.builder().weighting(Weighting.inverseVolatility(20)).benchmark("A").build())
            .build();

    private static Map<String, List<?>> grid() {
        Map<String, List<?>> grid = new LinkedHashMap<>();
        grid.put("lookback", List.of(1, 10, 40));          // 1 is refused: skipped
        grid.put("max_weight", Arrays.asList(0.3, 0.5, null, 0.0)); // 0 is refused; null: no cap
        grid.put("schedule", List.of("monthly", Schedule.weekly(), "every_n(15)"));
        return grid;
    }

    /** The run a combination stands for, made by hand. */
    private PortfolioStats direct(Map<String, Object> params) {
        PortfolioOptions.Builder b = portfolio.options().toBuilder()
                .weighting(Weighting.inverseVolatility((int) params.get("lookback")))
                .maxWeight((Double) params.get("max_weight"));
        Object s = params.get("schedule");
        b.schedule(s instanceof Schedule given ? given : Schedule.parse((String) s));
        if (params.containsKey("threshold")) {
            b.threshold((Double) params.get("threshold"));
        }
        return portfolio.with(b.build()).run().stats();
    }

    @Test
    void theRankingIsThatOfEachCombinationRunSeparately() {
        Sweep sweep = Sweep.of(grid()).metric("sharpe_ratio").top(100).threads(2);
        PortfolioSweepResult r = portfolio.sweep(sweep);
        assertThat(r.gridSize()).isEqualTo(36);
        assertThat(r.evaluated()).isEqualTo(2 * 3 * 3); // lookback 10, 40 × max_weight 0.3, 0.5, none × 3 schedules
        assertThat(r.best()).hasSize(18);
        List<double[]> expected = new ArrayList<>();
        for (PortfolioSweepResult.Entry e : r.best()) {
            PortfolioStats s = direct(e.params());
            assertThat(e.stats()).as("%s", e.params()).isEqualTo(s);
            assertThat(e.metric()).isEqualTo(s.sharpeRatio());
            expected.add(new double[] {s.sharpeRatio(), e.combination()});
        }
        // highest first, ties by grid position
        for (int i = 1; i < expected.size(); i++) {
            double[] a = expected.get(i - 1);
            double[] b = expected.get(i);
            assertThat(a[0] > b[0] || a[0] == b[0] && a[1] < b[1]).as("entry %d", i).isTrue();
        }
        // one thread gives the same
        assertThat(portfolio.sweep(sweep.threads(1))).isEqualTo(r);
    }

    @Test
    void portfolioMetricsConstraintsAndFixedParameters() {
        Map<String, List<?>> grid = new LinkedHashMap<>();
        grid.put("max_weight", List.of(0.25, 0.5, 1.0));
        grid.put("threshold", List.of(0.02, 0.3, 0.6));
        Sweep sweep = Sweep.of(grid).fixed(Map.of("lookback", 30, "schedule", "quarterly"))
                .statistics(PortfolioStats::requireMetric).metric("turnover_pct").constraint("threshold < max_weight").top(3);
        PortfolioSweepResult r = portfolio.sweep(sweep);
        assertThat(r.metric()).isEqualTo("turnover_pct");
        assertThat(r.evaluated()).isEqualTo(6); // 0.02 with all three caps, 0.3 with 0.5 and 1.0, 0.6 with 1.0
        assertThat(r.best()).hasSize(3);
        for (PortfolioSweepResult.Entry e : r.best()) {
            assertThat(e.params()).containsEntry("lookback", 30).containsEntry("schedule", "quarterly");
            assertThat((double) e.params().get("threshold")).isLessThan((double) e.params().get("max_weight"));
            assertThat(e.metric()).isEqualTo(direct(e.params()).turnoverPct());
        }
        // the lowest threshold trades most
        assertThat(r.best().get(0).params()).containsEntry("threshold", 0.02);
    }

    @Test
    void aStrategyOfOnesOwnIsSweptThroughItsFactory() {
        Map<String, List<?>> grid = new LinkedHashMap<>();
        grid.put("share", List.of(0.2, 0.4, 0.6, 1.5)); // 1.5: the factory refuses it
        grid.put("schedule", List.of("weekly", "monthly"));
        PortfolioSweepResult r = portfolio.sweep(Sweep.of(grid).metric("return_pct").top(10), params -> {
            double share = (double) params.get("share");
            if (share > 1) {
                throw BacktestException.of(ErrorCode.INVALID_STRATEGY_PARAMETER, "share must be <= 1");
            }
            return ctx -> Map.of("A", share);
        });
        assertThat(r.evaluated()).isEqualTo(6);
        for (PortfolioSweepResult.Entry e : r.best()) {
            double share = (double) e.params().get("share");
            PortfolioOptions o = portfolio.options().toBuilder().schedule(Schedule.parse((String) e.params().get("schedule"))).build();
            assertThat(e.metric()).isEqualTo(portfolio.with(o).run(ctx -> Map.of("A", share)).stats().returnPct());
        }
    }

    @Test
    void unknownParametersAndMetricsAreRefusedBeforeAnyRun() {
        Map<String, List<?>> grid = new LinkedHashMap<>();
        grid.put("fast", List.of(5));
        grid.put("max_weight", List.of(0.5));
        assertThatThrownBy(() -> portfolio.sweep(Sweep.of(grid).fixed(Map.of("cap", 1))))
                .isInstanceOfSatisfying(BacktestException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                    @SuppressWarnings("unchecked")
                    List<FieldError> errors = (List<FieldError>) e.details().get("errors");
                    assertThat(errors).extracting(FieldError::field).containsExactly("grid.fast", "fixed.cap");
                    assertThat(e.getMessage()).contains("[lookback, max_weight, threshold, schedule]");
                });
        Portfolio equal = portfolio.with(portfolio.options().toBuilder().weighting(Weighting.equal()).build());
        Map<String, List<?>> lookback = new LinkedHashMap<>();
        lookback.put("lookback", List.of(10, 20));
        assertThatThrownBy(() -> equal.sweep(Sweep.of(lookback))).hasMessageContaining("grid.lookback applies to the "
                + "inverse_volatility weighting only");
        // a single-asset statistic is not a portfolio one
        assertThatThrownBy(() -> portfolio.sweep(Sweep.of(lookback).metric("win_rate_pct")))
                .isInstanceOfSatisfying(BacktestException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_RUN_OPTIONS);
                    assertThat(e.getMessage()).contains("'win_rate_pct'", "turnover_pct");
                });
        // a bad schedule text is skipped like any value out of range
        Map<String, List<?>> schedules = new LinkedHashMap<>();
        schedules.put("schedule", List.of("monthly", "fortnightly", "every_n(0)"));
        assertThat(portfolio.sweep(Sweep.of(schedules)).evaluated()).isEqualTo(1);
    }
}
