package dev.backtest.engine;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static dev.backtest.engine.TestBars.DAY;
import static dev.backtest.engine.TestBars.MONDAY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link EquityStats#drawdowns} (also scanned in blocks of other sizes), {@link EquityStats#drawdown} and
 * {@link EquityStats#closePeriods} against the single per-time loop they replace
 * (kept here as the reference), bit for bit: irregular times (weekend gaps, missing days, times at midnight, weekly /
 * monthly / yearly spacing, equal times) and curves with flat stretches, zero, negative, NaN and infinite equity.
 */
class EquityStatsPassesTest {

    /** What the old loop computed: the drawdown curve and periods, the closed period values, the weekend times. */
    record Reference(double[] dd, EquityStats.Drawdowns drawdowns, List<Double> closes, int weekend) {
    }

    /** The per-time loop of EquityStats.compute before the split, unchanged but for recording its results. */
    static Reference reference(long[] time, double[] equity, EquityStats.Period period) {
        int n = equity.length;
        double[] dd = new double[n];
        List<Double> closes = new ArrayList<>();
        double peak = Double.NEGATIVE_INFINITY;
        double previous = Double.NaN;
        double previousDd = 0;
        double maxDd = 0;
        int ddPeriods = 0;
        double sumPeaks = 0;
        long maxDur = Long.MIN_VALUE;
        double sumDur = 0;
        int runStart = -1;
        double runPeak = 0;
        long periodEnd = Long.MIN_VALUE;
        long periodKey = Long.MIN_VALUE;
        double periodLast = Double.NaN;
        boolean weekendDay = false;
        int weekend = 0;
        for (int i = 0; i < n; i++) {
            double e = equity[i];
            long t = time[i];
            double d;
            if (e == previous) {
                d = previousDd;
            } else {
                if (e > peak) {
                    peak = e;
                }
                d = peak > 0 ? 1 - e / peak : 0;
                previous = e;
                previousDd = d;
            }
            dd[i] = d;
            if (d > 0) {
                if (d > maxDd) {
                    maxDd = d;
                }
                if (runStart < 0) {
                    runStart = i;
                    runPeak = d;
                } else if (d > runPeak) {
                    runPeak = d;
                }
            }
            if (runStart >= 0 && (d == 0 || i == n - 1)) {
                long dur = t - time[Math.max(runStart - 1, 0)];
                ddPeriods++;
                sumPeaks += runPeak;
                sumDur += dur;
                maxDur = Math.max(maxDur, dur);
                runStart = -1;
            }
            if (t >= periodEnd) {
                long day = Math.floorDiv(t, 86_400);
                periodEnd = (day + 1) * 86_400;
                weekendDay = Math.floorMod(day + 3, 7) >= 5;
            }
            if (weekendDay) {
                weekend++;
            }
            long key = period == EquityStats.Period.DAY ? periodEnd : EquityStats.periodKey(t, period);
            if (key != periodKey) {
                closes.add(periodLast);
                periodKey = key;
            }
            periodLast = e;
        }
        closes.add(periodLast);
        return new Reference(dd, new EquityStats.Drawdowns(ddPeriods, sumPeaks, maxDd, maxDur, sumDur, peak), closes, weekend);
    }

    private static void assertSameAsReference(long[] time, double[] equity) {
        for (EquityStats.Period period : EquityStats.Period.values()) {
            Reference ref = reference(time, equity, period);
            EquityStats.Drawdowns drawdowns = EquityStats.drawdowns(time, equity);
            // records compare double components as Double.compare does: NaN equal to NaN, 0.0 and -0.0 apart
            assertThat(drawdowns).as("%s", period).isEqualTo(ref.drawdowns());
            for (int size : new int[]{1, 7, 512}) { // blocks of any size, as Stats scans them along beta's
                EquityStats.DrawdownScan scan = new EquityStats.DrawdownScan(time, equity);
                scan.next(Math.min(1, equity.length));
                for (int to = 1; to < equity.length; ) {
                    to = Math.min(equity.length, to + size);
                    scan.next(to);
                }
                assertThat(scan.result()).as("%s in blocks of %d", period, size).isEqualTo(ref.drawdowns());
            }
            // the curve, which BacktestResult.drawdown() computes when asked
            assertThat(Arrays.equals(EquityStats.drawdown(equity), ref.dd())).as("drawdown curve").isTrue();

            double[] out = new double[equity.length];
            EquityStats.PeriodReturns returns = new EquityStats.PeriodReturns(out);
            int weekend = EquityStats.closePeriods(time, equity, period, returns);
            double[] expectedOut = new double[equity.length + 1];
            EquityStats.PeriodReturns expected = new EquityStats.PeriodReturns(expectedOut);
            ref.closes().forEach(expected::close);
            assertThat(weekend).as("%s weekend times", period).isEqualTo(ref.weekend());
            assertThat(returns.count()).as("%s returns", period).isEqualTo(expected.count());
            assertThat(Arrays.copyOf(out, returns.count())).as("%s returns", period)
                    .isEqualTo(Arrays.copyOf(expectedOut, expected.count()));
        }
    }

    /** Times from {@code start} with steps drawn from {@code steps} (0 allowed: equal times). */
    private static long[] times(Random random, long start, int n, long... steps) {
        long[] time = new long[n];
        time[0] = start;
        for (int i = 1; i < n; i++) {
            time[i] = time[i - 1] + steps[random.nextInt(steps.length)];
        }
        return time;
    }

    private static double[] walk(Random random, int n, double flatShare) {
        double[] e = new double[n];
        e[0] = 100;
        for (int i = 1; i < n; i++) {
            e[i] = random.nextDouble() < flatShare ? e[i - 1] : e[i - 1] * (1 + 0.01 * random.nextGaussian());
        }
        return e;
    }

    @Test
    void irregularTimesGiveTheSamePeriodsAndDrawdowns() {
        Random random = new Random(19);
        long midnight = MONDAY - Math.floorMod(MONDAY, DAY);
        long[][] spacings = {
                {60}, {60, 60, 60, 3 * DAY}, {3600, 3600, 2 * DAY + 3600}, {DAY}, {DAY, DAY, 3 * DAY, 9 * DAY},
                {7 * DAY}, {28 * DAY, 30 * DAY, 31 * DAY}, {365 * DAY, 366 * DAY}, {0, 60, 86_400 - 60, DAY},
                {1, 7, 4000, 90_000}, {DAY / 2}, {0}};
        for (long[] steps : spacings) {
            for (long start : new long[]{midnight, midnight - 1, midnight + 59, -5 * DAY + 17, MONDAY}) {
                for (int n : new int[]{2, 3, 17, 1500}) {
                    long[] time = times(random, start, n, steps);
                    assertSameAsReference(time, walk(random, n, 0.5));
                }
            }
        }
    }

    @Test
    void oddCurvesGiveTheSameDrawdowns() {
        Random random = new Random(7);
        int n = 3000; // blocks of 1024: periods across block boundaries
        long[] time = times(random, MONDAY, n, 60, 3600, DAY);
        List<double[]> curves = new ArrayList<>();
        curves.add(walk(random, n, 0.5));
        curves.add(walk(random, n, 0.99));
        double[] flat = new double[n];
        Arrays.fill(flat, 5);
        curves.add(flat);
        double[] zeros = walk(random, n, 0.3);
        zeros[0] = 0;
        zeros[1] = -3;
        zeros[1500] = 0;
        zeros[1501] = 0;
        curves.add(zeros);
        double[] negative = walk(random, n, 0.3);
        for (int i = 0; i < 1100; i++) {
            negative[i] = -negative[i];
        }
        curves.add(negative);
        double[] nan = walk(random, n, 0.3);
        nan[0] = Double.NaN;
        nan[700] = Double.NaN;
        nan[1023] = Double.NaN;
        nan[n - 1] = Double.NaN;
        curves.add(nan);
        double[] infinite = walk(random, n, 0.3);
        infinite[900] = Double.POSITIVE_INFINITY;
        infinite[901] = Double.POSITIVE_INFINITY;
        infinite[2000] = Double.NEGATIVE_INFINITY;
        curves.add(infinite);
        double[] minusInfinity = walk(random, n, 0.3);
        minusInfinity[1024] = Double.NEGATIVE_INFINITY;
        curves.add(minusInfinity);
        double[] ulps = walk(random, n, 0.3);
        for (int i = 1; i < n; i += 2) {
            ulps[i] = Math.nextDown(ulps[i - 1]); // the smallest drawdowns there are
        }
        curves.add(ulps);
        double[] newPeakLast = walk(random, n, 0.3);
        newPeakLast[n - 1] = 1e9;
        curves.add(newPeakLast);
        double[] dipLast = walk(random, n, 0.3);
        dipLast[n - 2] = 1e9;
        dipLast[n - 1] = 1;
        curves.add(dipLast);
        for (double[] curve : curves) {
            assertSameAsReference(time, curve);
            assertSameAsReference(Arrays.copyOf(time, 1025), Arrays.copyOf(curve, 1025));
        }
    }

    @Test
    void firstAtOrAfterFindsTheFirstTimeAtOrAfterTheBound() {
        long[] time = {0, 0, 5, 5, 5, 9, 12, 12, 40};
        for (int from = 0; from <= time.length; from++) {
            for (long bound = -1; bound <= 41; bound++) {
                int expected = from;
                while (expected < time.length && time[expected] < bound) {
                    expected++;
                }
                assertThat(EquityStats.firstAtOrAfter(time, from, bound)).as("from %d bound %d", from, bound).isEqualTo(expected);
            }
        }
    }
}
