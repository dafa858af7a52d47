package dev.backtest.engine.portfolio;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.backtest.engine.portfolio.PortfolioData.bars;
import static dev.backtest.engine.portfolio.PortfolioData.day;
import static dev.backtest.engine.portfolio.PortfolioData.everyDay;
import static dev.backtest.engine.portfolio.PortfolioData.weekdays;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The weightings, the cap and the drift threshold against weights worked out by hand. */
class PortfolioWeightingTest {

    private static final double EPS = 1e-12;

    private static double[] constant(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    private static Map<String, Double> weights(Object... symbolAndWeight) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < symbolAndWeight.length; i += 2) {
            m.put((String) symbolAndWeight[i], ((Number) symbolAndWeight[i + 1]).doubleValue());
        }
        return m;
    }

    /** Three flat assets trading every day for {@code n} days. */
    private static Portfolio.Builder flat(int n) {
        return Portfolio.builder()
                .asset("A", bars("A", everyDay(0, n), constant(n, 10), constant(n, 10)))
                .asset("B", bars("B", everyDay(0, n), constant(n, 20), constant(n, 20)))
                .asset("C", bars("C", everyDay(0, n), constant(n, 40), constant(n, 40)));
    }

    @Test
    void aCapThatBindsIsRepeatedUntilNoWeightExceedsIt() {
        // 0.6 / 0.3 / 0.1 capped at 0.35: A gives 0.25 to B and C in proportion 0.3 : 0.1, so B = 0.4875 and
        // C = 0.1625; B now exceeds the cap and gives 0.1375 to C, the only uncapped asset: C = 0.3.
        double[] w = {0.6, 0.3, 0.1};
        PortfolioRun.cap(w, 0.35, new boolean[3]);
        assertThat(w[0]).isEqualTo(0.35);
        assertThat(w[1]).isEqualTo(0.35);
        assertThat(w[2]).isCloseTo(0.3, within(EPS));

        PortfolioResult r = flat(5).options(PortfolioOptions.builder().weighting(Weighting.fixed(weights("A", 0.6, "B", 0.3, "C", 0.1)))
                .maxWeight(0.35).commission(0).build()).build().run();
        Map<String, Double> targets = r.decisions().get(0).targets();
        assertThat(targets.get("A")).isEqualTo(0.35);
        assertThat(targets.get("B")).isEqualTo(0.35);
        assertThat(targets.get("C")).isCloseTo(0.3, within(EPS));
        // flat prices, no commission: the fills reach the targets exactly
        assertThat(r.allocations()).extracting(Allocation::weightAfter).satisfiesExactly(
                a -> assertThat(a).isCloseTo(0.35, within(EPS)), b -> assertThat(b).isCloseTo(0.35, within(EPS)),
                c -> assertThat(c).isCloseTo(0.3, within(EPS)));
    }

    @Test
    void whenEveryAssetIsCappedTheRemainderStaysInCash() {
        PortfolioResult r = flat(5).options(PortfolioOptions.builder().maxWeight(0.2).commission(0).build()).build().run();
        // 1/3 each, all above 0.2: each capped to 0.2, and 0.4 stays in cash
        assertThat(r.decisions().get(0).targets()).containsExactly(Map.entry("A", 0.2), Map.entry("B", 0.2), Map.entry("C", 0.2));
        assertThat(r.cash()).isCloseTo(4000, within(1e-9));
        double[][] w = r.weights();
        assertThat(w[0][4] + w[1][4] + w[2][4]).isCloseTo(0.6, within(EPS));
        // NaN (no target) is neither capped nor given any excess; an uncapped asset of weight 0 gets none either
        double[] v = {0.9, Double.NaN, 0.0, 0.1};
        PortfolioRun.cap(v, 0.5, new boolean[4]);
        assertThat(v[0]).isEqualTo(0.5);
        assertThat(v[1]).isNaN();
        assertThat(v[2]).isZero();
        assertThat(v[3]).isCloseTo(0.5, within(EPS));
    }

    @Test
    void fixedWeightsKeepTheShareOfAnAssetNotYetListedInCash() {
        int n = 8;
        Portfolio p = Portfolio.builder()
                .asset("A", bars("A", everyDay(0, n), constant(n, 10), constant(n, 10)))
                .asset("B", bars("B", everyDay(3, n - 3), constant(n - 3, 20), constant(n - 3, 20)))
                .options(PortfolioOptions.builder().weighting(Weighting.fixed(weights("A", 0.3, "B", 0.6))).commission(0)
                        .schedule(Schedule.everyN(4)).build())
                .build();
        PortfolioResult r = p.run();
        // day 0: only A listed: A 0.3, B's 0.6 stays in cash; day 4: both
        assertThat(r.decisions()).extracting(Decision::targets).containsExactly(weights("A", 0.3), weights("A", 0.3, "B", 0.6));
        assertThat(r.equity()[2]).isEqualTo(1.0 * PortfolioOptions.DEFAULT_CASH);
        assertThat(r.weights()[0][2]).isCloseTo(0.3, within(EPS));
        assertThat(r.weights()[1][5]).isCloseTo(0.6, within(EPS));
    }

    @Test
    void aFixedWeightingStartsOnceAWeightedAssetIsListed() {
        int n = 8;
        Portfolio p = Portfolio.builder()
                .asset("A", bars("A", everyDay(0, n), constant(n, 10), constant(n, 10)))
                .asset("B", bars("B", everyDay(2, n - 2), constant(n - 2, 20), constant(n - 2, 20)))
                .options(PortfolioOptions.builder().weighting(Weighting.fixed(weights("B", 0.5))).schedule(Schedule.everyN(3)).build())
                .build();
        // B is listed from day 2: the first decision, and the every_n count, start there: days 2 and 5
        assertThat(p.run().decisions()).extracting(d -> d.time() + " " + d.trigger())
                .containsExactly(day(2) + " FIRST", day(5) + " SCHEDULE");
    }

    @Test
    void marketCapWeightsUseTheLatestCapAtOrBeforeTheDecision() {
        int n = 7;
        MarketCaps capsA = MarketCaps.of(new long[] {day(0), day(3) + 43_200}, new double[] {100, 300}); // 300 from day 3, noon
        MarketCaps capsB = MarketCaps.of(new long[] {day(-10)}, new double[] {200});
        MarketCaps capsC = MarketCaps.of(new long[] {day(0)}, new double[] {100});
        Portfolio p = Portfolio.builder()
                .asset(Asset.of("A", bars("A", everyDay(0, n), constant(n, 10), constant(n, 10))).withMarketCaps(capsA))
                .asset(Asset.of("B", bars("B", everyDay(0, n), constant(n, 20), constant(n, 20))).withMarketCaps(capsB))
                .asset(Asset.of("C", bars("C", everyDay(4, n - 4), constant(n - 4, 40), constant(n - 4, 40))).withMarketCaps(capsC))
                .asset("D", bars("D", everyDay(0, n), constant(n, 5), constant(n, 5)))  // no market cap: no weight
                .options(PortfolioOptions.builder().weighting(Weighting.marketCap()).schedule(Schedule.everyN(2)).build())
                .build();
        List<Decision> d = p.run().decisions();
        assertThat(d).extracting(Decision::time).containsExactly(day(0), day(2), day(4));
        // days 0 and 2: A 100, B 200 (C not listed yet): 1/3, 2/3
        assertThat(d.get(0).targets()).containsOnlyKeys("A", "B");
        assertThat(d.get(0).targets().get("A")).isCloseTo(1.0 / 3, within(EPS));
        assertThat(d.get(1).targets().get("B")).isCloseTo(2.0 / 3, within(EPS));
        // day 4: A's 300 (from day 3 noon), B 200, C listed with 100: 1/2, 1/3, 1/6
        assertThat(d.get(2).targets()).containsOnlyKeys("A", "B", "C");
        assertThat(d.get(2).targets().get("A")).isCloseTo(0.5, within(EPS));
        assertThat(d.get(2).targets().get("B")).isCloseTo(1.0 / 3, within(EPS));
        assertThat(d.get(2).targets().get("C")).isCloseTo(1.0 / 6, within(EPS));
    }

    /** The sample standard deviation (ddof 1) of the simple returns of {@code closes}. */
    private static double sigma(double... closes) {
        int m = closes.length - 1;
        double[] r = new double[m];
        double mean = 0;
        for (int j = 0; j < m; j++) {
            r[j] = closes[j + 1] / closes[j] - 1;
            mean += r[j] / m;
        }
        double ss = 0;
        for (double x : r) {
            ss += (x - mean) * (x - mean);
        }
        return Math.sqrt(ss / (m - 1));
    }

    @Test
    void inverseVolatilityUsesTheLastLookbackReturnsOfEachAssetsOwnBars() {
        // A trades every day 0..13 (Monday 1 to Sunday 14 January); B on weekdays from day 2 (Wednesday): days 2, 3, 4,
        // 7, 8, 9, 10, 11.
        double[] aClose = {100, 102, 101, 104, 103, 107, 106, 108, 105, 109, 110, 108, 111, 115};
        long[] bTime = weekdays(2, 10);
        double[] bClose = {50, 50.5, 50.2, 50.8, 51.5, 51.0, 51.2, 52.0};
        Portfolio p = Portfolio.builder()
                .asset("A", bars("A", everyDay(0, 14), aClose, aClose))
                .asset("B", bars("B", bTime, bClose, bClose))
                .options(PortfolioOptions.builder().weighting(Weighting.inverseVolatility(3)).schedule(Schedule.weekly()).build())
                .build();
        List<Decision> d = p.run().decisions();
        // lookback 3 needs 4 closes. Day 3 (Thursday): A has 4, B 2: the first decision, A alone (1.0).
        // Day 6 (Sunday, the end of the first ISO week): A from its closes of days 3..6; B has 3 closes: no weight.
        // Day 13 is the last timeline time (the end of the second week): no decision.
        assertThat(d).extracting(x -> x.time() + " " + x.trigger()).containsExactly(day(3) + " FIRST", day(6) + " SCHEDULE");
        assertThat(d.get(0).targets()).containsExactly(Map.entry("A", 1.0));
        assertThat(d.get(1).targets()).containsExactly(Map.entry("A", 1.0));

        // every_n(3) from day 3: days 3, 6, 9, 12. Day 9 (Wednesday): A's returns over days 6..9, B's over its last 4
        // bars (days 4, 7, 8, 9: Friday's close to Monday's is one return).
        Portfolio every3 = p.with(p.options().toBuilder().schedule(Schedule.everyN(3)).build());
        List<Decision> e = every3.run().decisions();
        assertThat(e).extracting(Decision::time).containsExactly(day(3), day(6), day(9), day(12));
        double sa = sigma(106, 108, 105, 109);
        double sb = sigma(50.2, 50.8, 51.5, 51.0);
        assertThat(e.get(2).targets().get("A")).isCloseTo((1 / sa) / (1 / sa + 1 / sb), within(EPS));
        assertThat(e.get(2).targets().get("B")).isCloseTo((1 / sb) / (1 / sa + 1 / sb), within(EPS));
        // Day 12 (Saturday): A over days 9..12, B over its last 4 bars, days 8..11
        double sa12 = sigma(109, 110, 108, 111);
        double sb12 = sigma(51.5, 51.0, 51.2, 52.0);
        assertThat(e.get(3).targets().get("B")).isCloseTo((1 / sb12) / (1 / sa12 + 1 / sb12), within(EPS));
    }

    @Test
    void aDriftBeyondTheThresholdRebalancesButNotWhileAnOrderIsPending() {
        // A trades every day and rises 10 % a day (open = the previous close); B trades on weekdays at 10. Fixed 50/50,
        // threshold 0.1, yearly schedule (no scheduled decision in these days), no commission, cash 1000.
        int n = 13;
        double[] aClose = new double[n];
        double[] aOpen = new double[n];
        for (int d = 0; d < n; d++) {
            aClose[d] = 10 * Math.pow(1.1, d);
            aOpen[d] = d == 0 ? 10 : aClose[d - 1];
        }
        long[] bTime = weekdays(0, n);
        Portfolio p = Portfolio.builder()
                .asset("A", bars("A", everyDay(0, n), aOpen, aClose))
                .asset("B", bars("B", bTime, constant(bTime.length, 10), constant(bTime.length, 10)))
                .options(PortfolioOptions.builder().cash(1000).commission(0).weighting(Weighting.fixed(weights("A", 0.5, "B", 0.5)))
                        .schedule(Schedule.yearly()).threshold(0.1).build())
                .build();
        // Day 0: 50/50 filled at day 1's opens (both 10): 50 units each. Then wA = 1.1^d / (1.1^d + 1):
        // day 4 0.594 (no), day 5 (Saturday) 0.617 > 0.6: a decision.
        assertThat(Math.pow(1.1, 4) / (Math.pow(1.1, 4) + 1)).isLessThan(0.6);
        assertThat(Math.pow(1.1, 5) / (Math.pow(1.1, 5) + 1)).isGreaterThan(0.6);
        // A above its target sells at its next bar, Sunday 6; B's buy waits for it: B's first bar at or after Sunday,
        // Monday 7. Sunday 6: V = 50·aOpen[6] + 50·10; A to V/2.
        double v6 = 50 * aOpen[6] + 500;
        double uA = v6 / 2 / aOpen[6];
        double cash6 = (50 - uA) * aOpen[6];
        double e6 = cash6 + uA * aClose[6] + 500;
        // On Sunday B weighs 500/E6 = 0.36, 0.14 from its target, but its order is pending: no decision.
        assertThat(Math.abs(500 / e6 - 0.5)).isGreaterThan(0.1);
        // Monday 7: V = cash6 + B at its open 10 + A at its last close before Monday; B's buy to V/2 costs more than the
        // cash: scaled to it.
        double v7 = cash6 + 500 + uA * aClose[6];
        assertThat(v7 / 2 - 500).isGreaterThan(cash6);
        double uB = 50 + cash6 / 10;
        for (int d = 7; d <= 9; d++) {
            double e = uA * aClose[d] + uB * 10;
            assertThat(Math.abs(uA * aClose[d] / e - 0.5)).as("day %d", d).isLessThanOrEqualTo(0.1);
        }
        double e10 = uA * aClose[10] + uB * 10;
        assertThat(Math.abs(uA * aClose[10] / e10 - 0.5)).isGreaterThan(0.1);

        PortfolioResult r = p.run();
        assertThat(r.decisions()).extracting(d -> (d.time() - day(0)) / PortfolioData.DAY + " " + d.trigger())
                .containsExactly("0 FIRST", "5 THRESHOLD", "10 THRESHOLD");
        assertThat(r.fills()).extracting(f -> (f.time() - day(0)) / PortfolioData.DAY + " " + f.symbol() + " " + f.side())
                .startsWith("1 A BUY", "1 B BUY", "6 A SELL", "7 B BUY");
        assertThat(r.equity()[6]).isCloseTo(e6, within(1e-9 * e6));
        assertThat(r.allocations().get(3).unitsAfter()).isCloseTo(uB, within(1e-9));
    }
}
