package dev.backtest.engine;

import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.indicators.Indicators;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static dev.backtest.engine.TestBars.frictionless;
import static dev.backtest.engine.TestBars.scripted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Each rule of docs/engine.md on a few hand-computed bars. Opens 10, 11, 12, ...; closes open + 0.5. */
class EngineRulesTest {

    private static final double EPS = 1e-9;

    private static CandleSeries rising(int n) {
        double[] o = new double[n];
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            o[i] = 10 + i;
            c[i] = 10.5 + i;
        }
        return TestBars.fromOpenClose(o, c);
    }

    /** Runs {@code action} on bar {@code bar} only. */
    private static Strategy on(int bar, Consumer<StrategyContext> action) {
        return scripted(ctx -> {
            if (ctx.bar() == bar) {
                action.accept(ctx);
            }
        });
    }

    @SafeVarargs
    private static Strategy steps(Consumer<StrategyContext>... perBar) {
        return scripted(ctx -> {
            if (ctx.bar() < perBar.length && perBar[ctx.bar()] != null) {
                perBar[ctx.bar()].accept(ctx);
            }
        });
    }

    @Test
    void marketOrderFillsAtNextOpenAndEquityMarksToTheClose() {
        BacktestResult r = Engine.run(rising(6), on(1, StrategyContext::buy), frictionless(1000).build());
        // 1000·(1−2⁻⁵²)/12 = 83.3 → 83 units at open[2] = 12
        assertThat(r.equity()[0]).isEqualTo(1000);
        assertThat(r.equity()[1]).isEqualTo(1000);
        assertThat(r.equity()[2]).isCloseTo(1000 + 83 * 0.5, within(EPS));
        assertThat(r.equity()[5]).isCloseTo(1000 + 83 * (15.5 - 12), within(EPS));
        assertThat(r.trades()).isEmpty(); // still open, not counted without finalize_trades
        assertThat(r.stats().trades()).isZero();
    }

    @Test
    void finalizeTradesClosesOpenTradesAtTheLastOpen() {
        BacktestResult r = Engine.run(rising(6), on(1, StrategyContext::buy), frictionless(1000).finalizeTrades(true).build());
        assertThat(r.trades()).singleElement().satisfies(t -> {
            assertThat(t.size()).isEqualTo(83);
            assertThat(t.entryBar()).isEqualTo(2);
            assertThat(t.exitBar()).isEqualTo(5);
            assertThat(t.exitPrice()).isEqualTo(15);
            assertThat(t.pnl()).isCloseTo(83 * 3, within(EPS));
        });
        assertThat(r.equity()[5]).isCloseTo(1000 + 83 * 3, within(EPS));
    }

    @Test
    void finalizeTradesFillsOrdersPlacedOnTheLastBarAtItsOpenBeforeClosing() {
        BacktestResult without = Engine.run(rising(4), on(3, StrategyContext::buy), frictionless(1000).build());
        assertThat(without.trades()).isEmpty();
        BacktestResult with = Engine.run(rising(4), on(3, StrategyContext::buy), frictionless(1000).finalizeTrades(true).build());
        assertThat(with.trades()).singleElement().satisfies(t -> {
            assertThat(t.size()).isEqualTo(76); // 1000/13
            assertThat(t.entryBar()).isEqualTo(3);
            assertThat(t.exitBar()).isEqualTo(3);
            assertThat(t.entryPrice()).isEqualTo(13);
            assertThat(t.exitPrice()).isEqualTo(13);
            assertThat(t.pnl()).isZero();
        });
    }

    @Test
    void commissionIsChargedOnBothSidesAndSizingIncludesIt() {
        RunOptions o = RunOptions.builder().cash(1000).commission(0.01).build();
        BacktestResult r = Engine.run(rising(5), steps(null, StrategyContext::buy, c -> c.position().close()), o);
        // units = floor(1000 / (12 + 0.01·12)) = 82; entry fee 9.84 at 12, exit fee 10.66 at 13
        assertThat(r.equity()[2]).isCloseTo(1000 - 9.84 + 82 * 0.5, within(EPS));
        ClosedTrade t = r.trades().get(0);
        assertThat(t.size()).isEqualTo(82);
        assertThat(t.commission()).isCloseTo(20.5, within(EPS));
        assertThat(t.pnl()).isCloseTo(82 - 20.5, within(EPS));
        assertThat(t.returnPct()).isCloseTo(1.0 / 12 - 20.5 / (82 * 12), within(EPS));
        assertThat(r.equity()[3]).isCloseTo(1061.5, within(EPS));
        assertThat(r.stats().commissions()).isCloseTo(20.5, within(EPS));
    }

    @Test
    void sizingKeepsTheOneMinusTwoToTheMinus52GuardSoAnExactFitBuysOneUnitLess() {
        BacktestResult all = Engine.run(rising(4), on(1, StrategyContext::buy), frictionless(1200).build());
        assertThat(all.equity()[3] - 1200).isCloseTo(99 * (13.5 - 12), within(EPS)); // 99 units, not 100
        BacktestResult half = Engine.run(rising(4), on(1, c -> c.buy(0.5)), frictionless(1200).build());
        assertThat(half.equity()[3] - 1200).isCloseTo(49 * (13.5 - 12), within(EPS)); // 600/12 → 49
        BacktestResult units = Engine.run(rising(4), on(1, c -> c.buy(7)), frictionless(1200).build());
        assertThat(units.equity()[3] - 1200).isCloseTo(7 * (13.5 - 12), within(EPS));
    }

    @Test
    void spreadRaisesLongEntryAndClosesAtTheUnadjustedPrice() {
        RunOptions o = frictionless(1000).spread(0.01).build();
        BacktestResult r = Engine.run(rising(5), steps(null, StrategyContext::buy, c -> c.position().close()), o);
        ClosedTrade t = r.trades().get(0);
        assertThat(t.entryPrice()).isCloseTo(12.12, within(EPS));
        assertThat(t.size()).isEqualTo(82);
        assertThat(t.exitPrice()).isEqualTo(13);
        assertThat(t.pnl()).isCloseTo(82 * (13 - 12.12), within(EPS));
    }

    @Test
    void reversesPositionOnCloseThenSell() {
        BacktestResult r = Engine.run(rising(5), steps(null, StrategyContext::buy, c -> {
            c.position().close();
            c.sell();
        }), frictionless(1000).build());
        assertThat(r.trades()).singleElement().satisfies(t -> {
            assertThat(t.size()).isEqualTo(83);
            assertThat(t.exitBar()).isEqualTo(3);
            assertThat(t.pnl()).isCloseTo(83, within(EPS));
        });
        // short floor(1083/13) = 83 units at 13
        assertThat(r.equity()[3]).isCloseTo(1083 - 83 * 0.5, within(EPS));
        assertThat(r.equity()[4]).isCloseTo(1083 - 83 * 1.5, within(EPS));
    }

    @Test
    void oppositeOrderClosesOldestFirstAndOpensOnlyTheRemainder() {
        List<OpenTrade> seen = new ArrayList<>();
        BacktestResult r = Engine.run(rising(6), steps(null, c -> c.buy(10), c -> c.sell(4), c -> c.sell(10),
                c -> seen.addAll(c.trades())), frictionless(1000).build());
        assertThat(r.trades()).hasSize(2);
        assertThat(r.trades().get(0)).satisfies(t -> {
            assertThat(t.size()).isEqualTo(4);
            assertThat(t.exitPrice()).isEqualTo(13);
        });
        assertThat(r.trades().get(1)).satisfies(t -> {
            assertThat(t.size()).isEqualTo(6);
            assertThat(t.exitPrice()).isEqualTo(14);
            assertThat(t.pnl()).isCloseTo(12, within(EPS));
        });
        assertThat(seen).singleElement().satisfies(t -> {
            assertThat(t.size()).isEqualTo(-4);
            assertThat(t.entryPrice()).isEqualTo(14);
        });
    }

    @Test
    void partialCloseSplitsTheEntryCommissionProportionally() {
        RunOptions o = RunOptions.builder().cash(1000).commission(0.01).build();
        BacktestResult r = Engine.run(rising(6), steps(null, c -> c.buy(10), c -> c.trades().get(0).close(0.5),
                c -> c.position().close()), o);
        assertThat(r.trades()).hasSize(2);
        assertThat(r.trades().get(0).size()).isEqualTo(5);
        assertThat(r.trades().get(0).commission()).isCloseTo(0.6 + 0.65, within(EPS));
        assertThat(r.trades().get(1).commission()).isCloseTo(0.6 + 0.7, within(EPS));
    }

    @Test
    void exclusiveOrdersCloseOpenTradesBeforeANewOrder() {
        BacktestResult r = Engine.run(rising(5), steps(null, c -> c.buy(10), c -> c.buy(5)),
                frictionless(1000).exclusiveOrders(true).build());
        assertThat(r.trades()).singleElement().satisfies(t -> {
            assertThat(t.size()).isEqualTo(10);
            assertThat(t.exitBar()).isEqualTo(3);
        });
        assertThat(r.equity()[4]).isCloseTo(1000 + 10 + 5 * (14.5 - 13), within(EPS));
    }

    @Test
    void unaffordableOrderIsCancelledWithAWarningNotPartlyFilled() {
        BacktestResult r = Engine.run(rising(4), on(1, c -> c.buy(1000)), frictionless(1000).build());
        assertThat(r.equity()).containsOnly(1000);
        assertThat(r.runLog()).singleElement().asString().contains("cancelled").contains("available margin");
    }

    @Test
    void zeroUnitOrderIsCancelledWithAWarning() {
        BacktestResult r = Engine.run(rising(5), steps(null, StrategyContext::buy, StrategyContext::buy), frictionless(1000).build());
        assertThat(r.runLog()).singleElement().asString().contains("zero units");
        assertThat(r.equity()[4]).isCloseTo(1000 + 83 * (14.5 - 12), within(EPS));
    }

    private static CandleSeries stopBars(double[] bar3) {
        return TestBars.daily(new double[]{10, 10.6, 9.9, 10.5}, new double[]{10.5, 10.6, 10.4, 10.5},
                new double[]{10, 10.2, 9.8, 10}, bar3, new double[]{10, 10.2, 9.8, 10});
    }

    @Test
    void stopLossIsAssumedFirstWhenStopLossAndTakeProfitAreInsideOneBar() {
        BacktestResult r = Engine.run(stopBars(new double[]{10, 11.5, 8.5, 10}),
                on(1, c -> c.buy(Order.allIn().sl(9).tp(11))), frictionless(1000).build());
        assertThat(r.trades()).singleElement().satisfies(t -> {
            assertThat(t.size()).isEqualTo(99);
            assertThat(t.exitBar()).isEqualTo(3);
            assertThat(t.exitPrice()).isEqualTo(9);
            assertThat(t.pnl()).isCloseTo(-99, within(EPS));
        });
    }

    @Test
    void stopLossFillsAtTheOpenWhenTheBarGapsThroughIt() {
        BacktestResult r = Engine.run(stopBars(new double[]{8, 8.5, 7.5, 8}), on(1, c -> c.buy(Order.allIn().sl(9).tp(11))),
                frictionless(1000).build());
        assertThat(r.trades().get(0).exitPrice()).isEqualTo(8);
    }

    @Test
    void takeProfitFillsAtItsPriceOrAtAGappedOpen() {
        BacktestResult inside = Engine.run(stopBars(new double[]{10, 11.5, 9.5, 11}), on(1, c -> c.buy(Order.allIn().sl(9).tp(11))),
                frictionless(1000).build());
        assertThat(inside.trades().get(0).exitPrice()).isEqualTo(11);
        BacktestResult gap = Engine.run(stopBars(new double[]{12, 12.5, 11.8, 12}), on(1, c -> c.buy(Order.allIn().sl(9).tp(11))),
                frictionless(1000).build());
        assertThat(gap.trades().get(0).exitPrice()).isEqualTo(12);
    }

    @Test
    void shortStopLossIsAbove() {
        BacktestResult r = Engine.run(stopBars(new double[]{10, 11.5, 8.5, 10}), on(1, c -> c.sell(Order.allIn().sl(11).tp(9))),
                frictionless(1000).build());
        assertThat(r.trades()).singleElement().satisfies(t -> {
            assertThat(t.size()).isEqualTo(-99);
            assertThat(t.exitPrice()).isEqualTo(11);
            assertThat(t.pnl()).isCloseTo(-99, within(EPS));
        });
    }

    @Test
    void stopLossOfAMarketEntryIsCheckedOnTheEntryBar() {
        CandleSeries bars = TestBars.daily(new double[]{10, 10.6, 9.9, 10.5}, new double[]{10.5, 10.6, 10.4, 10.5},
                new double[]{10, 10.2, 8.8, 9.5}, new double[]{9.5, 9.6, 9.4, 9.5});
        BacktestResult r = Engine.run(bars, on(1, c -> c.buy(Order.allIn().sl(9))), frictionless(1000).build());
        assertThat(r.trades()).singleElement().satisfies(t -> {
            assertThat(t.entryBar()).isEqualTo(2);
            assertThat(t.exitBar()).isEqualTo(2);
            assertThat(t.exitPrice()).isEqualTo(9);
        });
    }

    @Test
    void limitOrderFillsAtTheLimitOrABetterGappedOpen() {
        BacktestResult r = Engine.run(stopBars(new double[]{10, 10.2, 9.4, 10}), on(1, c -> c.buy(Order.allIn().limit(9.5))),
                frictionless(1000).finalizeTrades(true).build());
        assertThat(r.trades().get(0).entryPrice()).isEqualTo(9.5);
        assertThat(r.trades().get(0).entryBar()).isEqualTo(3);
        assertThat(r.trades().get(0).size()).isEqualTo(105); // sized at the fill price: 1000/9.5
        BacktestResult gap = Engine.run(stopBars(new double[]{9, 9.2, 8.9, 9}), on(1, c -> c.buy(Order.allIn().limit(9.5))),
                frictionless(1000).finalizeTrades(true).build());
        assertThat(gap.trades().get(0).entryPrice()).isEqualTo(9);
    }

    @Test
    void stopOrderFillsAtTheStopAndStopLimitWaitsForItsLimit() {
        BacktestResult stop = Engine.run(stopBars(new double[]{10, 11.5, 9.9, 11}), on(1, c -> c.buy(Order.units(10).stop(10.8))),
                frictionless(1000).finalizeTrades(true).build());
        assertThat(stop.trades().get(0).entryPrice()).isEqualTo(10.8);
        BacktestResult stopLimit = Engine.run(stopBars(new double[]{10, 11.5, 9.9, 11}),
                on(1, c -> c.buy(Order.units(10).stop(10.8).limit(10.9))), frictionless(1000).finalizeTrades(true).build());
        assertThat(stopLimit.trades().get(0).entryPrice()).isEqualTo(10.8);
    }

    @Test
    void tradeOnCloseFillsMarketOrdersAtTheSignalBarsClose() {
        BacktestResult r = Engine.run(rising(4), on(1, StrategyContext::buy), frictionless(1000).tradeOnClose(true).build());
        assertThat(r.equity()[1]).isEqualTo(1000);
        assertThat(r.equity()[2]).isCloseTo(1000 + 86 * 1.0, within(EPS)); // 1000/11.5 → 86 at 11.5
    }

    @Test
    void runStopsWhenEquityFallsToZeroAndClosesEverythingAtTheClose() {
        CandleSeries bars = TestBars.daily(new double[]{10, 10.1, 9.9, 10}, new double[]{10, 10.1, 9.9, 10},
                new double[]{10, 10.1, 9.9, 10}, new double[]{10, 25.1, 9.9, 25}, new double[]{25, 25.1, 24.9, 25});
        List<Integer> decided = new ArrayList<>();
        BacktestResult r = Engine.run(bars, scripted(c -> {
            decided.add(c.bar());
            if (c.bar() == 1) {
                c.sell();
            }
        }), frictionless(1000).build());
        assertThat(r.trades()).singleElement().satisfies(t -> {
            assertThat(t.size()).isEqualTo(-99);
            assertThat(t.exitBar()).isEqualTo(3);
            assertThat(t.exitPrice()).isEqualTo(25);
        });
        assertThat(r.equity()[2]).isCloseTo(1000, within(EPS));
        assertThat(r.equity()[3]).isZero();
        assertThat(r.equity()[4]).isZero();
        assertThat(decided).containsExactly(1, 2);
        assertThat(r.runLog()).anySatisfy(l -> assertThat(l).contains("run stopped"));
    }

    @Test
    void firstDecisionIsOnTheBarAfterTheWarmUp() {
        List<Integer> decided = new ArrayList<>();
        BacktestResult r = Engine.run(rising(6), new Strategy() {
            @Override
            public void init(StrategyInit in) {
                in.indicator("sma3", Indicators.sma(in.close(), 3));
            }

            @Override
            public void next(StrategyContext ctx) {
                decided.add(ctx.bar());
            }
        }, frictionless(1000).build());
        assertThat(decided).containsExactly(3, 4, 5);
        assertThat(r.warmup()).isEqualTo(2);
    }

    @Test
    void readingABarAfterTheCurrentOneFailsWithLookahead() {
        assertThatThrownBy(() -> Engine.run(rising(5), on(2, c -> c.close().get(3)), frictionless(1000).build()))
                .isInstanceOfSatisfying(BacktestException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.LOOKAHEAD);
                    assertThat(e.getMessage()).contains("bar 3").contains("deciding on bar 2");
                });
        Strategy peeking = new Strategy() {
            Series sma;

            @Override
            public void init(StrategyInit in) {
                sma = in.indicator("sma2", Indicators.sma(in.close(), 2));
            }

            @Override
            public void next(StrategyContext ctx) {
                sma.ago(-1);
            }
        };
        assertThatThrownBy(() -> Engine.run(rising(5), peeking, frictionless(1000).build()))
                .isInstanceOfSatisfying(BacktestException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.LOOKAHEAD));
    }

    @Test
    void readingUpToTheCurrentBarIsAllowed() {
        List<Double> seen = new ArrayList<>();
        Engine.run(rising(4), on(2, c -> {
            seen.add(c.close().get(2));
            seen.add(c.close().ago(2));
            seen.add(c.open().last());
        }), frictionless(1000).build());
        assertThat(seen).containsExactly(12.5, 10.5, 12.0);
    }

    @Test
    void rejectsInvalidBarsNamingTheBarAndValue() {
        long[] t = {1, 2, 3};
        double[] ok = {10, 10, 10};
        assertThatThrownBy(() -> Engine.run(t, new double[]{10, 10, Double.NaN}, ok, ok, ok, null, scripted(c -> { }),
                RunOptions.defaults())).hasMessageContaining("bar 2").hasMessageContaining("NaN")
                .isInstanceOfSatisfying(BacktestException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_BARS));
        assertThatThrownBy(() -> Engine.run(t, ok, new double[]{10, 9, 10}, ok, ok, null, scripted(c -> { }), RunOptions.defaults()))
                .hasMessageContaining("bar 1: high 9.0 is below max");
        assertThatThrownBy(() -> Engine.run(t, ok, ok, new double[]{10, 10, 11}, ok, null, scripted(c -> { }), RunOptions.defaults()))
                .hasMessageContaining("bar 2: low 11.0 is above min");
        assertThatThrownBy(() -> Engine.run(t, ok, ok, ok, new double[]{10, -1, 10}, null, scripted(c -> { }), RunOptions.defaults()))
                .hasMessageContaining("bar 1: close -1.0");
        assertThatThrownBy(() -> Engine.run(new long[]{1, 2, 2}, ok, ok, ok, ok, null, scripted(c -> { }), RunOptions.defaults()))
                .hasMessageContaining("bar 2: time 2 duplicates");
        assertThatThrownBy(() -> Engine.run(new long[]{1, 3, 2}, ok, ok, ok, ok, null, scripted(c -> { }), RunOptions.defaults()))
                .hasMessageContaining("is before");
        assertThatThrownBy(() -> Engine.run(new long[]{1}, new double[]{1}, new double[]{1}, new double[]{1}, new double[]{1}, null,
                scripted(c -> { }), RunOptions.defaults())).hasMessageContaining("at least 2 bars");
    }

    @Test
    void rejectsOutOfRangeOptions() {
        assertThatThrownBy(() -> RunOptions.builder().cash(0).build()).hasMessageContaining("cash");
        assertThatThrownBy(() -> RunOptions.builder().commission(0.1).build()).hasMessageContaining("commission must be in [0, 0.1)");
        assertThatThrownBy(() -> RunOptions.builder().commission(-0.001).build()).isInstanceOf(BacktestException.class);
        RunOptions o = RunOptions.builder().cash(5).spread(0.01).build();
        assertThat(o.toBuilder().build()).isEqualTo(o);
        assertThat(RunOptions.defaults().commission()).isEqualTo(0.001);
    }

    @Test
    void rejectsStopLossOnTheWrongSide() {
        assertThatThrownBy(() -> Engine.run(rising(4), on(1, c -> c.buy(Order.allIn().sl(20))), frictionless(1000).build()))
                .isInstanceOfSatisfying(BacktestException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ORDER));
    }

    @Test
    void fractionalUnitsAreNotRoundedDown() {
        BacktestResult r = Engine.run(rising(4), on(1, StrategyContext::buy), frictionless(1000).fractionalUnits(true)
                .finalizeTrades(true).build());
        assertThat(r.trades().get(0).size()).isCloseTo(1000.0 / 12, within(1e-9));
    }
}
