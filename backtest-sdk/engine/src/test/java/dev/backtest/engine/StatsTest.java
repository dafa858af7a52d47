package dev.backtest.engine;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.backtest.engine.TestBars.DAY;
import static dev.backtest.engine.TestBars.MONDAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Each statistic on a tiny hand-computed example, from the formulas of docs/engine.md. */
class StatsTest {

    private static final double EPS = 1e-9;

    /** Monday..Friday, one bar a day. */
    private static final long[] WEEKDAYS = {MONDAY, MONDAY + DAY, MONDAY + 2 * DAY, MONDAY + 3 * DAY, MONDAY + 4 * DAY};
    private static final double[] EQUITY = {100, 110, 99, 121, 120};
    private static final double[] CLOSE = {10, 20, 40, 30, 50};
    private static final List<ClosedTrade> TRADES = List.of(
            trade(1, 2, 10, 0.1, 1),
            trade(3, 3, -5, -0.05, 0.5),
            trade(3, 4, 20, 0.2, 0));

    private static ClosedTrade trade(int entryBar, int exitBar, double pnl, double ret, double commission) {
        return new ClosedTrade(1, entryBar, exitBar, 10, 11, WEEKDAYS[entryBar], WEEKDAYS[exitBar], commission, pnl, ret);
    }

    private static Stats stats() {
        return Stats.compute(WEEKDAYS, CLOSE, EQUITY, TRADES, 2, 0);
    }

    @Test
    void returnsEquityAndBuyAndHoldFromTheWarmUpBar() {
        Stats s = stats();
        assertThat(s.returnPct()).isCloseTo(20, within(EPS));
        assertThat(s.equityFinal()).isEqualTo(120);
        assertThat(s.equityPeak()).isEqualTo(121);
        assertThat(s.buyHoldReturnPct()).isCloseTo((50 - 40) / 40.0 * 100, within(EPS)); // close[w], w = 2
        assertThat(s.durationDays()).isEqualTo(4);
        assertThat(s.start()).isEqualTo(MONDAY);
    }

    @Test
    void drawdownPeriodsAndDurations() {
        Stats s = stats();
        // dd = [0, 0, 0.1, 0, 1/121]: a run closed by bar 3 (2 days from bar 1), and an unfinished one closed by the last bar
        assertThat(s.maxDrawdownPct()).isCloseTo(-10, within(EPS));
        assertThat(s.avgDrawdownPct()).isCloseTo(-(0.1 + 1.0 / 121) / 2 * 100, within(EPS));
        assertThat(s.maxDrawdownDurationDays()).isEqualTo(2);
        assertThat(s.avgDrawdownDurationDays()).isEqualTo(2); // mean 1.5 days, rounded up to whole days
    }

    @Test
    void annualisedFiguresUse252PeriodsForWeekdayBars() {
        Stats s = stats();
        double[] r = {0.1, -0.1, 121.0 / 99 - 1, 120.0 / 121 - 1};
        double g = Math.pow(1.2, 0.25) - 1;
        double mean = (r[0] + r[1] + r[2] + r[3]) / 4;
        double var = 0;
        for (double x : r) {
            var += (x - mean) * (x - mean);
        }
        var /= 3;
        assertThat(s.periodsPerYear()).isEqualTo(252);
        double ann = Math.pow(1 + g, 252) - 1;
        assertThat(s.returnAnnPct()).isCloseTo(ann * 100, within(1e-6 * ann * 100));
        double vol = Math.sqrt(Math.pow(var + (1 + g) * (1 + g), 252) - Math.pow(1 + g, 504)) * 100;
        assertThat(s.volatilityAnnPct()).isCloseTo(vol, within(1e-6 * vol));
        assertThat(s.sharpeRatio()).isCloseTo(ann * 100 / vol, within(1e-6 * ann * 100 / vol));
        double downside = Math.sqrt((0.01 + 1.0 / 121 / 121) / 4);
        assertThat(s.sortinoRatio()).isCloseTo(ann / (downside * Math.sqrt(252)), within(1e-6 * ann / downside));
        assertThat(s.calmarRatio()).isCloseTo(ann / 0.1, within(1e-6 * ann / 0.1));
        assertThat(s.cagrPct()).isCloseTo((Math.pow(1.2, 365.25 / 4) - 1) * 100, within(1e-6 * s.cagrPct()));
    }

    @Test
    void betaAndAlphaFromLogReturns() {
        Stats s = stats();
        double[] a = new double[4];
        double[] b = new double[4];
        for (int i = 1; i < 5; i++) {
            a[i - 1] = Math.log(EQUITY[i] / EQUITY[i - 1]);
            b[i - 1] = Math.log(CLOSE[i] / CLOSE[i - 1]);
        }
        double ma = (a[0] + a[1] + a[2] + a[3]) / 4;
        double mb = (b[0] + b[1] + b[2] + b[3]) / 4;
        double cov = 0;
        double vb = 0;
        for (int k = 0; k < 4; k++) {
            cov += (a[k] - ma) * (b[k] - mb) / 3;
            vb += (b[k] - mb) * (b[k] - mb) / 3;
        }
        assertThat(s.beta()).isCloseTo(cov / vb, within(EPS));
        assertThat(s.alphaPct()).isCloseTo(20 - cov / vb * 25, within(EPS));
    }

    @Test
    void tradeStatistics() {
        Stats s = stats();
        assertThat(s.trades()).isEqualTo(3);
        assertThat(s.winRatePct()).isCloseTo(200.0 / 3, within(EPS));
        assertThat(s.bestTradePct()).isCloseTo(20, within(EPS));
        assertThat(s.worstTradePct()).isCloseTo(-5, within(EPS));
        assertThat(s.avgTradePct()).isCloseTo((Math.cbrt(1.1 * 0.95 * 1.2) - 1) * 100, within(EPS));
        assertThat(s.expectancyPct()).isCloseTo(0.25 / 3 * 100, within(EPS));
        assertThat(s.profitFactor()).isCloseTo(0.3 / 0.05, within(EPS));
        double mean = 25.0 / 3;
        double sd = Math.sqrt(((10 - mean) * (10 - mean) + (-5 - mean) * (-5 - mean) + (20 - mean) * (20 - mean)) / 2);
        assertThat(s.sqn()).isCloseTo(Math.sqrt(3) * mean / sd, within(EPS));
        assertThat(s.kellyCriterion()).isCloseTo(2.0 / 3 - (1.0 / 3) / (15.0 / 5), within(EPS));
        assertThat(s.commissions()).isCloseTo(1.5, within(EPS));
        assertThat(s.exposureTimePct()).isCloseTo(80, within(EPS)); // bars 1..4 of 5
        assertThat(s.maxTradeDurationDays()).isEqualTo(1);
        assertThat(s.avgTradeDurationDays()).isEqualTo(1); // 2/3 day rounded up
    }

    private static Stats flat(long[] time) {
        double[] e = new double[time.length];
        double[] c = new double[time.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = 100 + i % 3;
            c[i] = 10 + i % 2;
        }
        return Stats.compute(time, c, e, List.of(), 0, 0);
    }

    private static long[] spaced(int n, long step) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = MONDAY + i * step;
        }
        return t;
    }

    @Test
    void periodsPerYearRule() {
        assertThat(flat(spaced(30, DAY)).periodsPerYear()).isEqualTo(365); // every day incl. weekends: 2/7 > 0.6·2/7
        assertThat(flat(WEEKDAYS).periodsPerYear()).isEqualTo(252);
        assertThat(flat(spaced(30, 7 * DAY)).periodsPerYear()).isEqualTo(52);
        long[] months = new long[12];
        for (int m = 0; m < 12; m++) {
            months[m] = java.time.LocalDate.of(2024, m + 1, 1).toEpochDay() * DAY;
        }
        assertThat(flat(months).periodsPerYear()).isEqualTo(12);
        // hourly bars Monday to Friday only: weekdays → 252
        List<Long> hours = new ArrayList<>();
        for (int d = 0; d < 5; d++) {
            for (int h = 0; h < 24; h++) {
                hours.add(MONDAY + d * DAY + h * 3600L);
            }
        }
        assertThat(flat(hours.stream().mapToLong(Long::longValue).toArray()).periodsPerYear()).isEqualTo(252);
    }

    @Test
    void durationsRoundUpToTheBarResolution() {
        long[] t = spaced(5, 3600);
        double[] e = {100, 90, 95, 100, 100};
        Stats s = Stats.compute(t, new double[]{1, 1, 1, 1, 1}, e, List.of(), 0, 0);
        assertThat(s.maxDrawdownDurationDays()).isCloseTo(3.0 / 24, within(EPS)); // bar 3 − bar 0 = 3 h
    }

    @Test
    void logRatioIsAsAccurateAsLog1pOnBothSidesOfTheSeriesBoundary() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        for (int k = 0; k < 200_000; k++) {
            double b = Math.exp(random.nextDouble(-20, 20));
            double x = random.nextDouble(-0.05, 0.05) * (random.nextBoolean() ? 1 : random.nextDouble(1e-9, 1));
            double a = b * (1 + x);
            double reference = Math.log1p((a - b) / b);
            // the series branch (|u| <= 2^-7) within 4 ulps; beyond it Math.log(a / b), whose a / b is rounded to 1 ulp of 1
            double tolerance = Math.abs((a - b) / (a + b)) <= 0x1p-7 ? 4 * Math.ulp(reference) : 2 * Math.ulp(1.0);
            assertThat(Stats.logRatio(a, b)).as("ln(%s / %s)", a, b).isCloseTo(reference, within(tolerance));
        }
        assertThat(Stats.logRatio(5, 5)).isZero();
        assertThat(Stats.logRatio(200, 100)).isEqualTo(Math.log(2));
        assertThat(Stats.logRatio(0, 100)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(Stats.logRatio(0, 0)).isNaN();
    }

    @Test
    void exposureCountsEveryBarCoveredByATradeOnce() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        for (int k = 0; k < 500; k++) {
            int n = 1 + random.nextInt(200);
            List<ClosedTrade> trades = new ArrayList<>();
            boolean[] covered = new boolean[n];
            for (int j = random.nextInt(8); j > 0; j--) {
                int entry = random.nextInt(n);
                int exit = entry + random.nextInt(n - entry);
                trades.add(new ClosedTrade(1, entry, exit, 10, 11, entry, exit, 0, 1, 0.1));
                java.util.Arrays.fill(covered, entry, exit + 1, true);
            }
            int expected = 0;
            for (boolean c : covered) {
                expected += c ? 1 : 0;
            }
            assertThat(Stats.exposedBars(trades, n)).as("trades %s over %d bars", trades, n).isEqualTo(expected);
        }
    }
}
