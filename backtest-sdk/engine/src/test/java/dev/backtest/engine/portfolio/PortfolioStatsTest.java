package dev.backtest.engine.portfolio;

import dev.backtest.engine.BacktestResult;
import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.Engine;
import dev.backtest.engine.EquityStats;
import dev.backtest.engine.RunOptions;
import dev.backtest.engine.Stats;
import dev.backtest.engine.strategies.Strategies;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import org.junit.jupiter.api.Test;

import static dev.backtest.engine.portfolio.PortfolioData.day;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The portfolio statistics from their formulas, on small series worked out by hand. */
class PortfolioStatsTest {

    private static final double EPS = 1e-9;

    /** Monday 1 to Friday 5 and Monday 8 January: weekdays only, so 252 periods a year. */
    private static final long[] TIME = {day(0), day(1), day(2), day(3), day(4), day(7)};

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    private static double cov(double[] x, double[] y) {
        double mx = mean(x);
        double my = mean(y);
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += (x[i] - mx) * (y[i] - my);
        }
        return s / (x.length - 1);
    }

    @Test
    void benchmarkStatisticsOverTheActiveWindow() {
        double[] equity = {1000, 1000, 1010, 1005, 1020, 1018};
        double[] bench = {50, 50.2, 50.4, 50.1, 51, 51.3};
        // the first fill at index 1: the window is indices 1..5, four returns
        PortfolioStats s = PortfolioStats.compute(new PortfolioStats.Inputs(TIME, equity, null, 3.5, 4000, 2, 1, bench)).stats();
        double[] r = {1010 / 1000.0 - 1, 1005 / 1010.0 - 1, 1020 / 1005.0 - 1, 1018 / 1020.0 - 1};
        double[] rb = {50.4 / 50.2 - 1, 50.1 / 50.4 - 1, 51 / 50.1 - 1, 51.3 / 51 - 1};
        assertThat(s.periodsPerYear()).isEqualTo(252);
        assertThat(s.benchmarkReturnPct()).isCloseTo((51.3 / 50.2 - 1) * 100, within(EPS));
        double gb = Math.pow(51.3 / 50.2, 0.25) - 1;      // geometric mean of four returns
        double ga = Math.pow(1018 / 1000.0, 0.25) - 1;
        double benchAnn = (Math.pow(1 + gb, 252) - 1) * 100;
        double ann = (Math.pow(1 + ga, 252) - 1) * 100;
        assertThat(s.benchmarkReturnAnnPct()).isCloseTo(benchAnn, within(EPS * benchAnn));
        double[] la = new double[4];
        double[] lb = new double[4];
        double[] d = new double[4];
        for (int i = 0; i < 4; i++) {
            la[i] = Math.log(1 + r[i]);
            lb[i] = Math.log(1 + rb[i]);
            d[i] = r[i] - rb[i];
        }
        double beta = cov(la, lb) / cov(lb, lb);
        assertThat(s.beta()).isCloseTo(beta, within(EPS));
        assertThat(s.alphaPct()).isCloseTo((1018 / 1000.0 - 1) * 100 - beta * (51.3 / 50.2 - 1) * 100, within(EPS));
        double te = Math.sqrt(cov(d, d)) * Math.sqrt(252) * 100;
        assertThat(s.trackingErrorAnnPct()).isCloseTo(te, within(EPS));
        assertThat(s.informationRatio()).isCloseTo((ann - benchAnn) / te, within(EPS));
        assertThat(s.correlation()).isCloseTo(cov(r, rb) / Math.sqrt(cov(r, r) * cov(rb, rb)), within(EPS));
        assertThat(s.commissions()).isEqualTo(3.5);
        assertThat(s.rebalances()).isEqualTo(2);
        // turnover: 4000 traded / 2 / mean equity / (7 days / 365.25) · 100
        assertThat(s.turnoverPct()).isCloseTo(4000 / 2.0 / mean(equity) / (7 / 365.25) * 100, within(EPS));
    }

    @Test
    void withoutAFillOrABenchmarkTheBenchmarkStatisticsAreUndefined() {
        double[] equity = {1000, 1000, 1000, 1000, 1000, 1000};
        double[] bench = {50, 50.2, 50.4, 50.1, 51, 51.3};
        PortfolioStats none = PortfolioStats.compute(new PortfolioStats.Inputs(TIME, equity, null, 0, 0, 0, -1, bench)).stats();
        assertThat(none.beta()).isNaN();
        assertThat(none.benchmarkReturnPct()).isNaN();
        PortfolioStats noBenchmark = PortfolioStats.compute(new PortfolioStats.Inputs(TIME, equity, null, 0, 0, 0, 1, null)).stats();
        assertThat(noBenchmark.correlation()).isNaN();
        assertThat(noBenchmark.informationRatio()).isNaN();
        // flat equity: no volatility, so Sharpe is undefined, never an error
        assertThat(none.sharpeRatio()).isNaN();
        assertThat(none.turnoverPct()).isZero();
        // a benchmark not listed yet at the first fill
        double[] late = {Double.NaN, Double.NaN, 50, 51, 52, 53};
        assertThat(PortfolioStats.compute(new PortfolioStats.Inputs(TIME, equity, null, 0, 0, 0, 1, late)).stats().beta()).isNaN();
    }

    @Test
    void valueAtRiskIsNumpysLinearPercentileOfTheDailyReturns() {
        // 21 daily values (every day): 20 returns; sorted, the two lowest are −5 % and −3 %.
        double[] r = {0.01, -0.03, 0.02, 0.004, -0.05, 0.01, 0.0, 0.012, 0.03, -0.01, 0.005, 0.007, 0.002, -0.002, 0.015, 0.001,
                0.003, 0.004, 0.006, 0.008};
        long[] time = PortfolioData.everyDay(0, 21);
        double[] equity = new double[21];
        equity[0] = 1000;
        for (int i = 1; i < 21; i++) {
            equity[i] = equity[i - 1] * (1 + r[i - 1]);
        }
        PortfolioStats s = PortfolioStats.compute(new PortfolioStats.Inputs(time, equity, null, 0, 0, 0, -1, null)).stats();
        // virtual index (20 − 1)·0.05 = 0.95: q = −0.03 − (−0.03 − −0.05)·(1 − 0.95) = −0.031; only −0.05 is <= q
        assertThat(s.var95Pct()).isCloseTo(3.1, within(1e-9));
        assertThat(s.cvar95Pct()).isCloseTo(5.0, within(1e-9));
        // numpy.percentile([1, 2, 3, 4], 5) = 1.15; ([−0.05, −0.03, 0.01], 5) = −0.048; a single value is itself
        assertThat(PortfolioStats.percentile(new double[] {1, 2, 3, 4}, 5)).isCloseTo(1.15, within(1e-15));
        assertThat(PortfolioStats.percentile(new double[] {-0.05, -0.03, 0.01}, 5)).isCloseTo(-0.048, within(1e-15));
        assertThat(PortfolioStats.percentile(new double[] {0.2}, 5)).isEqualTo(0.2);
    }

    @Test
    void theEquityStatisticsAreComputedByTheSingleAssetEnginesCode() {
        CandleSeries walk = PortfolioData.randomWalk("W", 9, PortfolioData.everyDay(0, 400), 0.02);
        BacktestResult single = Engine.run(walk, Strategies.smaCross(5, 20), RunOptions.defaults());
        Stats st = single.stats();
        PortfolioStats ps = PortfolioStats.compute(new PortfolioStats.Inputs(walk.time(), single.equity(), null, 0, 0, 0, -1, null))
                .stats();
        // the same equity curve gives bit-for-bit the same figures
        assertThat(ps.returnPct()).isEqualTo(st.returnPct());
        assertThat(ps.returnAnnPct()).isEqualTo(st.returnAnnPct());
        assertThat(ps.volatilityAnnPct()).isEqualTo(st.volatilityAnnPct());
        assertThat(ps.cagrPct()).isEqualTo(st.cagrPct());
        assertThat(ps.sharpeRatio()).isEqualTo(st.sharpeRatio());
        assertThat(ps.sortinoRatio()).isEqualTo(st.sortinoRatio());
        assertThat(ps.calmarRatio()).isEqualTo(st.calmarRatio());
        assertThat(ps.maxDrawdownPct()).isEqualTo(st.maxDrawdownPct());
        assertThat(ps.avgDrawdownPct()).isEqualTo(st.avgDrawdownPct());
        assertThat(ps.maxDrawdownDurationDays()).isEqualTo(st.maxDrawdownDurationDays());
        assertThat(ps.avgDrawdownDurationDays()).isEqualTo(st.avgDrawdownDurationDays());
        assertThat(ps.equityFinal()).isEqualTo(st.equityFinal());
        assertThat(ps.equityPeak()).isEqualTo(st.equityPeak());
        assertThat(ps.periodsPerYear()).isEqualTo(st.periodsPerYear());
        assertThat(EquityStats.drawdown(single.equity())).containsExactly(single.drawdown());
    }

    @Test
    void aRunsStatisticsUseTheBenchmarksLastPriceFromTheFirstFill() {
        // A trades every day, B on weekdays; B is the benchmark, so its Friday close stands for the weekend
        long[] all = PortfolioData.everyDay(0, 60);
        long[] weekdays = PortfolioData.weekdays(0, 60);
        Portfolio p = Portfolio.builder()
                .asset("A", PortfolioData.randomWalk("A", 1, all, 0.02))
                .asset("B", PortfolioData.randomWalk("B", 2, weekdays, 0.01))
                .options(PortfolioOptions.builder().schedule(Schedule.weekly()).benchmark("B").build())
                .build();
        PortfolioResult r = p.run();
        double[] e = r.equity();
        double[] close = p.assets().get(1).bars().close();
        double[] b = new double[all.length];
        int j = -1;
        for (int i = 0; i < all.length; i++) {
            while (j + 1 < weekdays.length && weekdays[j + 1] <= all[i]) {
                j++;
            }
            b[i] = close[j];
        }
        int first = 0;
        while (r.time()[first] != r.fills().get(0).time()) {
            first++;
        }
        assertThat(first).isEqualTo(1);
        int m = all.length - 1 - first;
        double[] ra = new double[m];
        double[] rb = new double[m];
        for (int k = 0; k < m; k++) {
            ra[k] = e[first + 1 + k] / e[first + k] - 1;
            rb[k] = b[first + 1 + k] / b[first + k] - 1;
        }
        PortfolioStats s = r.stats();
        assertThat(s.periodsPerYear()).isEqualTo(365);
        assertThat(s.benchmarkReturnPct()).isCloseTo((b[all.length - 1] / b[first] - 1) * 100, within(EPS));
        assertThat(s.correlation()).isCloseTo(cov(ra, rb) / Math.sqrt(cov(ra, ra) * cov(rb, rb)), within(EPS));
        double[] d = new double[m];
        for (int k = 0; k < m; k++) {
            d[k] = ra[k] - rb[k];
        }
        assertThat(s.trackingErrorAnnPct()).isCloseTo(Math.sqrt(cov(d, d)) * Math.sqrt(365) * 100, within(EPS));
    }

    @Test
    void metricsByNameAndTheirNames() {
        PortfolioStats s = PortfolioStats.compute(new PortfolioStats.Inputs(TIME, new double[] {1, 2, 3, 4, 5, 6}, null, 1, 2, 3, 0,
                null)).stats();
        assertThat(PortfolioStats.NAMES).startsWith("start", "end", "duration_days").endsWith("correlation", "periods_per_year");
        for (String name : PortfolioStats.NAMES.subList(2, PortfolioStats.NAMES.size() - 1)) {
            assertThat(PortfolioStats.requireMetric(name)).isEqualTo(name);
            s.metric(name); // every accepted name has a value (maybe NaN)
        }
        assertThat(s.metric("rebalances")).isEqualTo(3);
        assertThat(s.metric("return_pct")).isEqualTo(500);
        for (String bad : new String[] {"start", "periods_per_year", "trades", "sharpe", null}) {
            assertThatThrownBy(() -> PortfolioStats.requireMetric(bad)).isInstanceOfSatisfying(BacktestException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.INVALID_RUN_OPTIONS);
                assertThat(e.getMessage()).contains("turnover_pct", "sharpe_ratio");
            });
            assertThatThrownBy(() -> s.metric(bad)).isInstanceOf(BacktestException.class);
        }
    }
}
