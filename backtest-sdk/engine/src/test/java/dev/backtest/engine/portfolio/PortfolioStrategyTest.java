package dev.backtest.engine.portfolio;

import dev.backtest.engine.Series;
import dev.backtest.engine.indicators.Indicators;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.backtest.engine.portfolio.PortfolioData.day;
import static dev.backtest.engine.portfolio.PortfolioData.everyDay;
import static dev.backtest.engine.portfolio.PortfolioData.weekdays;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Strategies of one's own: the same machinery as the built-in weightings, and no look-ahead. */
class PortfolioStrategyTest {

    private static Portfolio portfolio(PortfolioOptions options) {
        return Portfolio.builder()
                .asset("A", PortfolioData.randomWalk("A", 1, everyDay(0, 200), 0.02))
                .asset("B", PortfolioData.randomWalk("B", 2, weekdays(0, 200), 0.01))
                .asset("C", PortfolioData.randomWalk("C", 3, weekdays(30, 150), 0.03))
                .options(options)
                .build();
    }

    private static void assertSameRun(PortfolioResult a, PortfolioResult b) {
        assertThat(a.equity()).containsExactly(b.equity());
        assertThat(a.fills()).isEqualTo(b.fills());
        assertThat(a.decisions()).isEqualTo(b.decisions());
        assertThat(a.stats()).isEqualTo(b.stats());
    }

    @Test
    void equalWeightsWrittenAsAStrategyRunExactlyAsTheBuiltInOnes() {
        Portfolio p = portfolio(PortfolioOptions.builder().schedule(Schedule.weekly()).maxWeight(0.4).threshold(0.05).build());
        PortfolioStrategy equal = ctx -> {
            List<String> listed = ctx.listed();
            Map<String, Double> w = new LinkedHashMap<>();
            listed.forEach(s -> w.put(s, 1.0 / listed.size()));
            return w;
        };
        assertSameRun(p.run(equal), p.run());
    }

    /** Inverse volatility written with an indicator declared in init: the same weights as the built-in. */
    @Test
    void inverseVolatilityFromDeclaredIndicatorsRunsAsTheBuiltIn() {
        int lookback = 10;
        Portfolio p = portfolio(PortfolioOptions.builder().weighting(Weighting.inverseVolatility(lookback)).schedule(Schedule.everyN(7))
                .build());
        PortfolioStrategy mine = new PortfolioStrategy() {
            final Map<String, Series> sigma = new HashMap<>();

            @Override
            public void init(PortfolioInit in) {
                for (String s : in.symbols()) {
                    double[] c = in.close(s);
                    double[] out = new double[c.length];
                    java.util.Arrays.fill(out, Double.NaN);
                    for (int i = lookback; i < c.length; i++) {
                        double[] r = new double[lookback];
                        double sum = 0;
                        for (int j = 0; j < lookback; j++) {
                            int bar = i - lookback + 1 + j;
                            r[j] = c[bar] / c[bar - 1] - 1;
                            sum += r[j];
                        }
                        double mean = sum / lookback;
                        double ss = 0;
                        for (double x : r) {
                            ss += (x - mean) * (x - mean);
                        }
                        out[i] = Math.sqrt(ss / (lookback - 1));
                    }
                    sigma.put(s, in.indicator(s, "sigma", out));
                }
            }

            @Override
            public Map<String, Double> weights(PortfolioContext ctx) {
                Map<String, Double> inv = new LinkedHashMap<>();
                double total = 0;
                for (String s : ctx.listed()) {
                    double x = sigma.get(s).last();
                    if (x > 0) {
                        inv.put(s, 1 / x);
                        total += 1 / x;
                    }
                }
                double t = total;
                inv.replaceAll((s, x) -> x / t);
                return inv;
            }
        };
        assertSameRun(p.run(mine), p.run());
    }

    @Test
    void readingPastTheDecisionThrowsLookahead() {
        Portfolio p = portfolio(PortfolioOptions.defaults());
        assertThatThrownBy(() -> p.run(ctx -> {
            Series close = ctx.close("A");
            close.get(close.length()); // the bar after the decision
            return null;
        })).isInstanceOfSatisfying(BacktestException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.LOOKAHEAD);
            assertThat(e.getMessage()).contains("A.close");
        });
        // an asset not listed yet has no bar to read at all
        assertThatThrownBy(() -> p.run(ctx -> {
            ctx.close("C").last();
            return null;
        })).isInstanceOfSatisfying(BacktestException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.LOOKAHEAD));
        // indicators declared in init: readable up to the asset's last bar at or before the decision, not in init
        assertThatThrownBy(() -> p.run(new PortfolioStrategy() {
            Series sma;

            @Override
            public void init(PortfolioInit in) {
                sma = in.indicator("B", "sma5", Indicators.sma(in.close("B"), 5));
            }

            @Override
            public Map<String, Double> weights(PortfolioContext ctx) {
                if (ctx.time() == day(6)) { // Sunday: B's last bar is Friday, day 4
                    assertThat(sma.length()).isEqualTo(5);
                    sma.get(5);
                }
                return null;
            }
        })).isInstanceOfSatisfying(BacktestException.class, e -> assertThat(e.getMessage()).contains("B.sma5", "read of bar 5"));
        assertThatThrownBy(() -> p.run(new PortfolioStrategy() {
            @Override
            public void init(PortfolioInit in) {
                in.indicator("A", "x", in.close("A")).last();
            }

            @Override
            public Map<String, Double> weights(PortfolioContext ctx) {
                return null;
            }
        })).isInstanceOfSatisfying(BacktestException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.LOOKAHEAD));
        assertThatThrownBy(() -> p.run(new PortfolioStrategy() {
            @Override
            public void init(PortfolioInit in) {
                in.indicator("A", "short", new double[3]);
            }

            @Override
            public Map<String, Double> weights(PortfolioContext ctx) {
                return null;
            }
        })).hasMessageContaining("aligned to the asset's bars");
    }

    @Test
    void theFirstAnswerIsTheFirstDecisionAndLaterNullsHold() {
        Portfolio p = portfolio(PortfolioOptions.builder().schedule(Schedule.everyN(10)).build());
        List<Long> asked = new ArrayList<>();
        PortfolioResult r = p.run(ctx -> {
            asked.add(ctx.time());
            if (ctx.time() < day(5)) {
                return null;            // not ready: asked again at the next time
            }
            if (ctx.time() == day(25)) {
                return Map.of();        // hold
            }
            return Map.of("A", 0.25, "B", 0.25);
        });
        // asked at every time until day 5, then every 10th time from there: 15 (decides), 25 (holds), 35, ...
        assertThat(asked).startsWith(day(0), day(1), day(2), day(3), day(4), day(5), day(15), day(25), day(35));
        assertThat(r.decisions()).extracting(Decision::time).startsWith(day(5), day(15), day(35));
        assertThat(r.decisions().get(0).trigger()).isEqualTo(Decision.Trigger.FIRST);
        // the context shows the portfolio as it is at the close
        p.run(ctx -> {
            if (ctx.time() == day(20)) {
                double held = ctx.cash();
                for (String s : ctx.symbols()) {
                    assertThat(ctx.weight(s)).isEqualTo(ctx.units(s) == 0 ? 0 : ctx.units(s) * ctx.price(s) / ctx.equity());
                    held += ctx.units(s) * (ctx.isListed(s) ? ctx.price(s) : 0);
                }
                assertThat(held).isCloseTo(ctx.equity(), org.assertj.core.api.Assertions.within(1e-9 * held));
                assertThat(ctx.hasBar("A")).isTrue();
                assertThat(ctx.hasBar("B")).isFalse(); // a Sunday
                assertThat(ctx.isListed("C")).isFalse();
                assertThat(ctx.price("C")).isNaN();
                assertThat(ctx.marketCap("A")).isNaN();
            }
            return Map.of("A", 0.5);
        });
    }
}
