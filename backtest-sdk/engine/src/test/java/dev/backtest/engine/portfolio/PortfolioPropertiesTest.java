package dev.backtest.engine.portfolio;

import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.Timeframe;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.backtest.engine.portfolio.PortfolioData.day;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Properties of runs on seeded random portfolios (2 to 5 assets on mixed calendars, every weighting, schedule, cap,
 * threshold, commission, whole or fractional units): the books balance at every time, cash is never negative, weights
 * sum to at most 1, and data after a decision never changes it.
 */
class PortfolioPropertiesTest {

    private static final int SEEDS = 60;

    /** A random portfolio; {@code perturbAfter}: bars after that time get other prices (same times). */
    private static Portfolio random(long seed, long perturbAfter) {
        Random r = new Random(seed);
        Random noise = new Random(seed * 31 + 7);
        int k = 2 + r.nextInt(4);
        Portfolio.Builder b = Portfolio.builder();
        List<String> symbols = new ArrayList<>();
        for (int a = 0; a < k; a++) {
            String symbol = "S" + a;
            symbols.add(symbol);
            int start = r.nextInt(40);
            int days = 80 + r.nextInt(200);
            int calendar = r.nextInt(3);
            List<Long> t = new ArrayList<>();
            for (int d = start; d < start + days; d++) {
                boolean weekday = Math.floorMod(d, 7) < 5;
                if (calendar == 0 || calendar == 1 && weekday || calendar == 2 && r.nextDouble() < 0.7) {
                    t.add(day(d));
                }
            }
            long[] time = t.stream().mapToLong(Long::longValue).toArray();
            CandleSeries walk = PortfolioData.randomWalk(symbol, r.nextLong(), time, 0.005 + r.nextDouble() * 0.04);
            double[] o = walk.open().clone();
            double[] h = walk.high().clone();
            double[] l = walk.low().clone();
            double[] c = walk.close().clone();
            for (int i = 0; i < time.length; i++) {
                if (time[i] > perturbAfter) {
                    double f = Math.exp(noise.nextGaussian() * 0.3);
                    o[i] *= f;
                    h[i] *= f;
                    l[i] *= f;
                    c[i] *= f;
                }
            }
            CandleSeries bars = CandleSeries.of(symbol, Timeframe.D1, time, o, h, l, c, walk.volume());
            Asset asset = Asset.of(symbol, bars);
            if (r.nextInt(3) > 0) {
                int m = 1 + r.nextInt(8);
                long[] ct = new long[m];
                double[] cv = new double[m];
                for (int j = 0; j < m; j++) {
                    ct[j] = day(j * 40 - 10) + r.nextInt(86_400);
                    cv[j] = (1 + r.nextDouble() * 100) * (ct[j] > perturbAfter ? Math.exp(noise.nextGaussian()) : 1);
                }
                asset = asset.withMarketCaps(MarketCaps.of(ct, cv));
            }
            b.asset(asset);
        }
        Weighting weighting = switch (r.nextInt(4)) {
            case 0 -> Weighting.equal();
            case 1 -> {
                Map<String, Double> w = new LinkedHashMap<>();
                double left = 1;
                for (String s : symbols) {
                    if (r.nextBoolean()) {
                        double x = left * r.nextDouble();
                        w.put(s, x);
                        left -= x;
                    }
                }
                w.putIfAbsent(symbols.get(0), left);
                yield Weighting.fixed(w);
            }
            case 2 -> Weighting.inverseVolatility(2 + r.nextInt(30));
            default -> Weighting.marketCap();
        };
        Schedule schedule = switch (r.nextInt(6)) {
            case 0 -> Schedule.daily();
            case 1 -> Schedule.weekly();
            case 2 -> Schedule.monthly();
            case 3 -> Schedule.quarterly();
            case 4 -> Schedule.yearly();
            default -> Schedule.everyN(1 + r.nextInt(10));
        };
        Portfolio.Builder probe = b;
        PortfolioOptions.Builder o = PortfolioOptions.builder()
                .cash(r.nextBoolean() ? 1000 + r.nextInt(5000) : 1e6)
                .commission(r.nextInt(4) == 0 ? 0 : r.nextDouble() * 0.01)
                .fractional(r.nextBoolean())
                .weighting(weighting)
                .schedule(schedule)
                .maxWeight(r.nextBoolean() ? null : 0.15 + r.nextDouble() * 0.85)
                .threshold(r.nextBoolean() ? null : 0.01 + r.nextDouble() * 0.2)
                .benchmark(r.nextBoolean() ? symbols.get(r.nextInt(k)) : null);
        try {
            return probe.options(o.build()).build();
        } catch (dev.backtest.error.BacktestException e) {
            // market_cap drawn but no asset got caps: equal weights instead
            return probe.options(o.weighting(Weighting.equal()).build()).build();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5})
    void theBooksBalanceAtEveryTimeAndCashIsNeverNegative(int block) {
        for (long seed = block * SEEDS / 6; seed < (block + 1) * SEEDS / 6; seed++) {
            Portfolio p = random(seed, Long.MAX_VALUE);
            PortfolioResult r = p.run();
            checkBooks(p, r, "seed " + seed + " " + p.options());
        }
    }

    /**
     * Replays the fills: cash and units at every time, the equity as cash plus units at the last closes, against the
     * run's equity; weights, targets and cash within bounds.
     */
    private static void checkBooks(Portfolio p, PortfolioResult r, String what) {
        long[] time = r.time();
        int n = time.length;
        int size = p.assets().size();
        int[] ptr = new int[size];
        java.util.Arrays.fill(ptr, -1);
        double[] units = new double[size];
        double cash = p.options().cash();
        List<Fill> fills = r.fills();
        int f = 0;
        double[][] w = r.weights();
        for (int i = 0; i < n; i++) {
            for (; f < fills.size() && fills.get(f).time() == time[i]; f++) {
                Fill x = fills.get(f);
                int k = p.symbols().indexOf(x.symbol());
                if (x.side() == Fill.Side.SELL) {
                    cash += x.units() * x.price() - x.commission();
                    units[k] -= x.units();
                } else {
                    cash -= x.units() * x.price() + x.commission();
                    units[k] += x.units();
                }
                assertThat(x.units()).as(what).isPositive();
                assertThat(x.commission()).as(what).isCloseTo(x.units() * x.price() * p.options().commission(),
                        within(1e-9 * x.units() * x.price()));
                if (!p.options().fractional()) {
                    assertThat(x.units()).as(what).isEqualTo(Math.rint(x.units()));
                }
            }
            double e = cash;
            double sum = 0;
            for (int k = 0; k < size; k++) {
                long[] t = p.assets().get(k).bars().time();
                while (ptr[k] + 1 < t.length && t[ptr[k] + 1] <= time[i]) {
                    ptr[k]++;
                }
                assertThat(units[k]).as(what).isGreaterThanOrEqualTo(-1e-9);
                if (units[k] != 0) {
                    e += units[k] * p.assets().get(k).bars().close()[ptr[k]];
                }
                assertThat(w[k][i]).as(what).isGreaterThanOrEqualTo(0);
                sum += w[k][i];
            }
            double eq = r.equity()[i];
            assertThat(eq).as("%s: equity at %d", what, i).isCloseTo(e, within(1e-9 * eq));
            assertThat(cash).as("%s: cash at %d", what, i).isGreaterThanOrEqualTo(-1e-9 * eq);
            assertThat(sum).as("%s: weights at %d", what, i).isLessThanOrEqualTo(1 + 1e-9);
        }
        assertThat(f).isEqualTo(fills.size());
        assertThat(r.cash()).isGreaterThanOrEqualTo(0);
        for (Decision d : r.decisions()) {
            double total = 0;
            for (double x : d.targets().values()) {
                assertThat(x).as(what).isBetween(0.0, 1.0);
                if (p.options().maxWeight() != null) {
                    assertThat(x).as(what).isLessThanOrEqualTo(p.options().maxWeight() + 1e-12);
                }
                total += x;
            }
            assertThat(total).as(what).isLessThanOrEqualTo(1 + 1e-9);
        }
        for (Allocation a : r.allocations()) {
            assertThat(a.weightAfter()).as(what).isBetween(0.0, 1 + 1e-9);
        }
        double pnl = r.contributions().stream().mapToDouble(AssetContribution::pnl).sum();
        double end = r.equity()[n - 1];
        assertThat(pnl).as(what).isCloseTo(end - p.options().cash(), within(1e-8 * Math.max(end, p.options().cash())));
        assertThat(r.stats().rebalances()).isEqualTo(r.decisions().size());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5})
    void dataAfterADecisionNeverChangesIt(int block) {
        for (long seed = block * SEEDS / 6; seed < (block + 1) * SEEDS / 6; seed++) {
            Portfolio p = random(seed, Long.MAX_VALUE);
            long[] timeline = p.timeline();
            long cut = timeline[timeline.length / 4 + new Random(seed).nextInt(timeline.length / 2)];
            Portfolio changed = random(seed, cut);
            boolean differs = false;
            for (int k = 0; k < p.assets().size(); k++) {
                differs |= !java.util.Arrays.equals(changed.assets().get(k).bars().close(), p.assets().get(k).bars().close());
            }
            assertThat(differs).as("the data after the cut changed").isTrue();
            PortfolioResult a = p.run();
            PortfolioResult b = changed.run();
            String what = "seed " + seed + " cut at " + cut + " " + p.options();
            assertThat(b.decisions().stream().filter(d -> d.time() <= cut).toList()).as(what)
                    .isEqualTo(a.decisions().stream().filter(d -> d.time() <= cut).toList());
            assertThat(b.fills().stream().filter(x -> x.time() <= cut).toList()).as(what)
                    .isEqualTo(a.fills().stream().filter(x -> x.time() <= cut).toList());
            for (int i = 0; i < timeline.length && timeline[i] <= cut; i++) {
                assertThat(b.equity()[i]).as(what).isEqualTo(a.equity()[i]);
            }
            checkBooks(changed, b, what);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void simulationsWithContributionsBalanceToo(int seed) {
        Portfolio p = random(100 + seed, Long.MAX_VALUE);
        long[] timeline = p.timeline();
        java.time.LocalDate start = java.time.LocalDate.ofEpochDay(timeline[timeline.length / 5] / 86_400);
        SimulationResult s = p.simulate(Investment.of(start, 5000).monthly(250));
        double[] added = s.run().contributionsAdded();
        double in = 5000;
        for (double x : added) {
            in += x;
        }
        assertThat(s.totalInvested()).isEqualTo(in);
        double pnl = s.run().contributions().stream().mapToDouble(AssetContribution::pnl).sum();
        assertThat(pnl).isCloseTo(s.finalValue() - in, within(1e-8 * s.finalValue()));
        // the time-weighted index has the returns of the equity with the flows taken out
        double[] e = s.valuePath();
        double[] index = s.run().indexValues();
        for (int i = 1; i < e.length; i++) {
            assertThat(index[i] / index[i - 1]).isCloseTo((e[i] - added[i]) / e[i - 1], within(1e-9));
        }
    }
}
