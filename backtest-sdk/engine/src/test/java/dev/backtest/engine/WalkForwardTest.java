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
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class WalkForwardTest {

    private final Function<Map<String, Object>, Strategy> smaCross = Strategies.spec("sma_cross")::create;

    private static Map<String, List<?>> smaGrid() {
        Map<String, List<?>> grid = new LinkedHashMap<>();
        grid.put("fast", List.of(3, 5, 8));
        grid.put("slow", List.of(10, 15));
        return grid;
    }

    private static Sweep unitsSweep() {
        return Sweep.of(Map.of("units", List.of(1, 2))).metric("return_pct");
    }

    /** Buys {@code units} units when flat: no indicators, so the first decision comes on the first test bar. */
    private static Strategy buyUnits(Map<String, Object> p) {
        int units = (int) p.get("units");
        return TestBars.scripted(ctx -> {
            if (ctx.position().isFlat()) {
                ctx.buy(units);
            }
        });
    }

    /** 100 rising daily bars: open 100 + i, close 100.5 + i. */
    private static CandleSeries rising() {
        double[] open = new double[100];
        double[] close = new double[100];
        for (int i = 0; i < 100; i++) {
            open[i] = 100 + i;
            close[i] = 100.5 + i;
        }
        return TestBars.fromOpenClose(open, close);
    }

    @Test
    void rollingAndAnchoredWindowsOfASmallCaseAreTheHandComputedBarRanges() {
        WalkForward rolling = WalkForward.of(unitsSweep(), 40, 20, 20, WalkForward.Mode.ROLLING);
        assertThat(rolling.windows(100)).containsExactly(
                new WalkForward.Range(0, 39, 40, 59),
                new WalkForward.Range(20, 59, 60, 79),
                new WalkForward.Range(40, 79, 80, 99));
        WalkForward anchored = rolling.mode(WalkForward.Mode.ANCHORED);
        assertThat(anchored.windows(100)).containsExactly(
                new WalkForward.Range(0, 39, 40, 59),
                new WalkForward.Range(0, 59, 60, 79),
                new WalkForward.Range(0, 79, 80, 99));
        // a step larger than the test leaves bars untested; a last partial window is not made
        assertThat(rolling.step(30).windows(100)).containsExactly(
                new WalkForward.Range(0, 39, 40, 59),
                new WalkForward.Range(30, 69, 70, 89));
        assertThat(rolling.windows(99)).hasSize(2);
        assertThat(WalkForward.of(unitsSweep(), 40, 20).windows(60)).containsExactly(new WalkForward.Range(0, 39, 40, 59));
        assertThat(rolling.step()).isEqualTo(20);
        assertThat(rolling.trainBars()).isEqualTo(40);
        assertThat(rolling.testBars()).isEqualTo(20);
        assertThat(anchored.mode()).isEqualTo(WalkForward.Mode.ANCHORED);
        assertThat(rolling.toString()).contains("rolling", "train 40", "test 20", "step 20");
    }

    @Test
    void theResultCarriesTheWindowsWithTheirTimes() {
        CandleSeries data = rising();
        WalkForwardResult r = WalkForward.of(unitsSweep(), 40, 20).mode(WalkForward.Mode.ANCHORED)
                .run(data, WalkForwardTest::buyUnits, TestBars.frictionless(10_000).build());
        assertThat(r.windows()).extracting(w -> List.of(w.trainFirst(), w.trainLast(), w.testFirst(), w.testLast()))
                .containsExactly(List.of(0, 39, 40, 59), List.of(0, 59, 60, 79), List.of(0, 79, 80, 99));
        for (WalkForwardResult.Window w : r.windows()) {
            assertThat(w.trainStart()).isEqualTo(data.time()[w.trainFirst()]);
            assertThat(w.trainEnd()).isEqualTo(data.time()[w.trainLast()]);
            assertThat(w.testStart()).isEqualTo(data.time()[w.testFirst()]);
            assertThat(w.testEnd()).isEqualTo(data.time()[w.testLast()]);
        }
        assertThat(r.mode()).isEqualTo(WalkForward.Mode.ANCHORED);
        assertThat(r.metric()).isEqualTo("return_pct");
        assertThat(List.of(r.trainBars(), r.testBars(), r.step())).containsExactly(40, 20, 20);
        assertThat(r.time()).hasSize(60);
        assertThat(r.time()[0]).isEqualTo(data.time()[40]);
        assertThat(r.time()[59]).isEqualTo(data.time()[99]);
    }

    @Test
    void aTestWindowDecidesOnItsBarsOnlyAndTheEquityIsStitchedByHand() {
        CandleSeries data = rising();
        double cash = 10_000;
        WalkForwardResult r = WalkForward.of(unitsSweep(), 40, 20).run(data, WalkForwardTest::buyUnits,
                TestBars.frictionless(cash).build());
        double start = cash;
        for (WalkForwardResult.Window w : r.windows()) {
            // rising prices: two units beat one on every training window
            assertThat(w.params()).isEqualTo(Map.of("units", 2));
            assertThat(w.outOfSampleTrades()).isZero();
            assertThat(w.startEquity()).isEqualTo(start);
            int at = w.index() * 20;
            // the order placed on the first test bar fills at the next open: flat on the first test bar
            assertThat(r.equity()[at]).isEqualTo(start);
            double entry = data.open()[w.testFirst() + 1];
            for (int i = w.testFirst() + 1; i <= w.testLast(); i++) {
                double windowEquity = cash + 2 * (data.close()[i] - entry);
                assertThat(r.equity()[at + i - w.testFirst()]).isCloseTo(start * windowEquity / cash, within(1e-9));
            }
            double end = start * (cash + 2 * (data.close()[w.testLast()] - entry)) / cash;
            assertThat(w.endEquity()).isCloseTo(end, within(1e-9));
            assertThat(w.outOfSampleMetric()).isCloseTo((cash + 2 * (data.close()[w.testLast()] - entry)) / cash * 100 - 100,
                    within(1e-9));
            start = w.endEquity();
        }
        assertThat(r.outOfSample().equityFinal()).isCloseTo(start, within(1e-9));
        assertThat(r.outOfSample().returnPct()).isCloseTo((start / cash - 1) * 100, within(1e-9));
    }

    @Test
    void theBestParametersOfEachWindowAreThoseOfASeparateSweepOnItsTrainingBars() {
        CandleSeries data = TestBars.randomWalk(7, 400, TestBars.DAY);
        Sweep sweep = Sweep.of(smaGrid()).constraint("fast < slow").metric("sharpe_ratio").threads(2);
        RunOptions options = RunOptions.defaults();
        for (WalkForward.Mode mode : WalkForward.Mode.values()) {
            WalkForwardResult r = WalkForward.of(sweep, 120, 60, 60, mode).run(data, smaCross, options);
            assertThat(r.windows()).hasSize(4);
            double isSum = 0;
            for (WalkForwardResult.Window w : r.windows()) {
                SweepResult separate = sweep.run(data.slice(w.trainFirst(), w.trainLast() + 1), smaCross, options);
                assertThat(w.params()).as("%s window %d", mode, w.index()).isEqualTo(separate.best().get(0).params());
                assertThat(w.inSampleMetric()).isEqualTo(separate.best().get(0).metric());
                assertThat(w.inSampleReturnAnnPct()).isEqualTo(separate.best().get(0).stats().returnAnnPct());
                assertThat(w.efficiency()).isEqualTo(w.outOfSampleReturnAnnPct() / w.inSampleReturnAnnPct());
                isSum += w.inSampleReturnAnnPct();
            }
            // stitched continuity: each test window starts at the previous one's ending equity
            for (int k = 1; k < r.windows().size(); k++) {
                assertThat(r.windows().get(k).startEquity()).isEqualTo(r.windows().get(k - 1).endEquity());
                assertThat(r.equity()[k * 60]).isCloseTo(r.windows().get(k - 1).endEquity(), within(1e-9));
            }
            assertThat(r.windows().get(0).startEquity()).isEqualTo(options.cash());
            // efficiency by hand: stitched OOS annualised return over the mean in-sample annualised return
            double meanIs = isSum / r.windows().size();
            double oosAnn = EquityStats.of(r.time(), r.equity(), 0).returnAnnPct();
            assertThat(r.meanInSampleReturnAnnPct()).isCloseTo(meanIs, within(1e-12));
            assertThat(r.outOfSample().returnAnnPct()).isCloseTo(oosAnn, within(1e-9));
            assertThat(r.efficiency()).isCloseTo(oosAnn / meanIs, within(1e-9));
        }
    }

    @Test
    void barsAfterATestWindowDoNotChangeIt() {
        CandleSeries data = TestBars.randomWalk(3, 300, TestBars.DAY);
        Sweep sweep = Sweep.of(smaGrid()).metric("return_pct");
        WalkForward wf = WalkForward.of(sweep, 100, 50);
        WalkForwardResult full = wf.run(data, smaCross, RunOptions.defaults());
        WalkForwardResult cut = wf.run(data.slice(0, 200), smaCross, RunOptions.defaults());
        assertThat(cut.windows()).hasSize(2);
        for (int k = 0; k < 2; k++) {
            WalkForwardResult.Window a = full.windows().get(k);
            WalkForwardResult.Window b = cut.windows().get(k);
            assertThat(b.params()).isEqualTo(a.params());
            assertThat(b.outOfSampleMetric()).isEqualTo(a.outOfSampleMetric());
            assertThat(b.endEquity()).isEqualTo(a.endEquity());
        }
    }

    @Test
    void progressIsToldAfterEachWindowAndMayStopTheRun() {
        CandleSeries data = rising();
        List<String> told = new ArrayList<>();
        WalkForward wf = WalkForward.of(unitsSweep(), 40, 20);
        wf.run(data, WalkForwardTest::buyUnits, RunOptions.defaults(), (done, total) -> told.add(done + "/" + total));
        assertThat(told).containsExactly("1/3", "2/3", "3/3");
        assertThatThrownBy(() -> wf.run(data, WalkForwardTest::buyUnits, RunOptions.defaults(), (done, total) -> {
            throw BacktestException.of(ErrorCode.BACKTEST_INVALID_STATE, "cancelled");
        })).isInstanceOfSatisfying(BacktestException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BACKTEST_INVALID_STATE));
    }

    @Test
    void badLengthsAreNamedTogether() {
        assertThatThrownBy(() -> WalkForward.of(unitsSweep(), 1, 0, 0, WalkForward.Mode.ROLLING))
                .isInstanceOfSatisfying(BacktestException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                    assertThat(errors(e)).extracting(FieldError::field).containsExactly("train_bars", "test_bars");
                });
        assertThatThrownBy(() -> WalkForward.of(unitsSweep(), 40, 20).step(10))
                .isInstanceOfSatisfying(BacktestException.class, e -> assertThat(errors(e))
                        .extracting(FieldError::field).containsExactly("step"));
        assertThatThrownBy(() -> WalkForward.of(null, 40, 20))
                .isInstanceOfSatisfying(BacktestException.class, e -> assertThat(errors(e))
                        .extracting(FieldError::field).containsExactly("grid"));
    }

    @Test
    void aSeriesTooShortForOneWindowIsRefusedBeforeAnyRun() {
        WalkForward wf = WalkForward.of(unitsSweep(), 80, 30);
        assertThatThrownBy(() -> wf.run(rising(), p -> {
            throw new AssertionError("no run expected");
        }, RunOptions.defaults())).isInstanceOfSatisfying(BacktestException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(errors(e)).extracting(FieldError::field).containsExactly("train_bars");
            assertThat(e.getMessage()).contains("110", "100 bars");
        });
    }

    @Test
    void aGridTheStrategyRejectsEntirelyIsRefused() {
        Map<String, List<?>> grid = new LinkedHashMap<>();
        grid.put("fast", List.of(30, 40));
        grid.put("slow", List.of(10, 20));
        assertThatThrownBy(() -> WalkForward.of(Sweep.of(grid), 40, 20).run(rising(), smaCross, RunOptions.defaults()))
                .isInstanceOfSatisfying(BacktestException.class, e -> assertThat(errors(e))
                        .extracting(FieldError::field).containsExactly("grid"));
    }

    @Test
    void modesParseByTheirWireNames() {
        assertThat(WalkForward.Mode.parse("Anchored")).isEqualTo(WalkForward.Mode.ANCHORED);
        assertThat(WalkForward.Mode.parse(" rolling ")).isEqualTo(WalkForward.Mode.ROLLING);
        assertThat(WalkForward.Mode.parse(null)).isEqualTo(WalkForward.Mode.ROLLING);
        assertThat(WalkForward.Mode.parse("")).isEqualTo(WalkForward.Mode.ROLLING);
        assertThatThrownBy(() -> WalkForward.Mode.parse("expanding-window-mode-that-is-far-too-long-to-echo"))
                .isInstanceOfSatisfying(BacktestException.class, e -> {
                    assertThat(errors(e)).extracting(FieldError::field).containsExactly("mode");
                    assertThat(e.getMessage()).contains("...");
                });
        assertThat(WalkForward.ratio(1, 0)).isNaN();
        assertThat(WalkForward.ratio(Double.NaN, 1)).isNaN();
        assertThat(WalkForward.ratio(1, Double.NaN)).isNaN();
    }

    @SuppressWarnings("unchecked")
    private static List<FieldError> errors(BacktestException e) {
        return (List<FieldError>) e.details().get("errors");
    }
}
