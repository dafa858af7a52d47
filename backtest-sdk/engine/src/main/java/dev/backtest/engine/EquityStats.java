package dev.backtest.engine;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;

import java.time.LocalDate;
import java.util.Arrays;

/**
 * The statistics of docs/engine.md that depend on an equity curve and its times alone: the one implementation that
 * {@link Stats} (single-asset runs) and the portfolio statistics share. Undefined values are {@code NaN}.
 *
 * <p>The returns {@code r} are those of the equity resampled to calendar periods (the last value of each period
 * with data): days, or weeks / months / years when the median spacing of the last 100 times is 7 / 28–31 /
 * 365–366 days. Periods are UTC, weeks start on Monday. A NaN return (only from 0/0) counts as 0 in the geometric
 * mean and in the variance; the geometric mean is 0 when some {@code 1 + r <= 0}. Periods per year: 52, 12, 1 for
 * weekly, monthly, yearly spacing; else 365 when more than 0.6 × 2/7 of the times fall on a Saturday or Sunday,
 * otherwise 252. Drawdown periods are the maximal runs with {@code dd > 0} closed by the next time with
 * {@code dd = 0} or by the last time (a final run of one time counts); their durations are rounded up to the time
 * resolution (the largest of second / minute / hour / day dividing the median spacing).
 *
 * <pre>{@code
 * EquityStats s = EquityStats.of(time, equity, 0);
 * System.out.printf("%.2f %% a year, Sharpe %.2f, max drawdown %.2f %%%n", s.returnAnnPct(), s.sharpeRatio(),
 *         s.maxDrawdownPct());
 * }</pre>
 */
public record EquityStats(
        long start,
        long end,
        double durationDays,
        double equityFinal,
        double equityPeak,
        double returnPct,
        double returnAnnPct,
        double volatilityAnnPct,
        double cagrPct,
        double sharpeRatio,
        double sortinoRatio,
        double calmarRatio,
        double maxDrawdownPct,
        double avgDrawdownPct,
        double maxDrawdownDurationDays,
        double avgDrawdownDurationDays,
        int periodsPerYear) {

    private static final double DAY = 86_400.0;

    /**
     * The statistics of {@code equity} at {@code time} (epoch seconds, increasing), with an annual risk-free rate
     * (a fraction) in the Sharpe and Sortino ratios.
     *
     * @throws BacktestException {@link ErrorCode#VALIDATION_FAILED} for fewer than 2 values or arrays of different
     *         lengths
     */
    public static EquityStats of(long[] time, double[] equity, double riskFreeRate) {
        check(time, equity);
        return compute(time, equity, riskFreeRate, null);
    }

    /**
     * The drawdown curve {@code dd[i] = 1 − E[i] / p[i]}, {@code p[i]} the running peak {@code max(E[0..i])} (0 while
     * it is not positive; a NaN equity leaves the peak as it was and has a NaN drawdown). A block at a time, so that
     * the divisions run as one branch-free loop over values still in the cache.
     */
    public static double[] drawdown(double[] equity) {
        int n = equity.length;
        double[] dd = new double[n];
        double peak = Double.NEGATIVE_INFINITY;
        for (int from = 0; from < n; from += DRAWDOWN_BLOCK) {
            int to = Math.min(n, from + DRAWDOWN_BLOCK);
            for (int i = from; i < to; i++) {
                double e = equity[i];
                if (e > peak) {
                    peak = e;
                }
                dd[i] = peak;
            }
            if (dd[from] > 0) { // the running peak never decreases: positive over the whole block
                for (int k = from; k < to; k++) {
                    dd[k] = 1 - equity[k] / dd[k];
                }
            } else {
                for (int k = from; k < to; k++) {
                    double p = dd[k];
                    dd[k] = p > 0 ? 1 - equity[k] / p : 0;
                }
            }
        }
        return dd;
    }

    /**
     * The periodic returns {@code r} the statistics use (daily, or weekly / monthly / yearly by the spacing), in
     * order, a NaN return replaced by 0 as the statistics count it.
     *
     * @throws BacktestException {@link ErrorCode#VALIDATION_FAILED} as {@link #of}
     */
    public static double[] periodReturns(long[] time, double[] equity) {
        check(time, equity);
        double[] out = new double[equity.length];
        PeriodReturns returns = new PeriodReturns(out);
        compute(time, equity, 0, returns);
        return Arrays.copyOf(out, returns.count);
    }

    /** The {@code g} of docs/engine.md: {@code exp(mean(ln(1+r))) − 1}; 0 if some {@code 1+r <= 0}; NaN if empty. NaN returns count as 0. */
    public static double geometricMean(double[] r) {
        if (r.length == 0) {
            return Double.NaN;
        }
        double s = 0;
        for (double x : r) {
            double v = 1 + (Double.isNaN(x) ? 0 : x);
            if (v <= 0) {
                return 0;
            }
            s += Math.log(v);
        }
        return Math.exp(s / r.length) - 1;
    }

    private static void check(long[] time, double[] equity) {
        if (time.length != equity.length || equity.length < 2) {
            throw BacktestException.of(ErrorCode.VALIDATION_FAILED, "an equity curve needs at least 2 values with one time each; got "
                    + equity.length + " values and " + time.length + " times");
        }
    }

    enum Period { DAY, WEEK, MONTH, YEAR }

    /**
     * The statistics of the curve; {@code returns} (may be null) receives the periodic returns. Two passes: the
     * drawdowns over every time, the calendar periods over the days. No per-time memory.
     */
    static EquityStats compute(long[] time, double[] equity, double riskFree, PeriodReturns returns) {
        return compute(time, equity, drawdowns(time, equity), riskFree, returns);
    }

    /** {@link #compute} with the drawdowns of the curve already found. */
    static EquityStats compute(long[] time, double[] equity, Drawdowns d, double riskFree, PeriodReturns returns) {
        int n = equity.length;
        long start = time[0];
        long end = time[n - 1];
        double durationDays = (end - start) / DAY;
        double e0 = equity[0];
        double eN = equity[n - 1];
        double returnPct = (eN - e0) / e0 * 100;

        long spacing = medianSpacing(time);
        long unit = spacing % 86_400 == 0 ? 86_400 : spacing % 3600 == 0 ? 3600 : spacing % 60 == 0 ? 60 : 1;
        long spacingDays = spacing / 86_400;
        Period period = spacingDays == 7 ? Period.WEEK : spacingDays >= 28 && spacingDays <= 31 ? Period.MONTH
                : spacingDays == 365 || spacingDays == 366 ? Period.YEAR : Period.DAY;

        // periodic returns from the last equity of each calendar period, accumulated as they complete
        PeriodReturns r = returns != null ? returns : new PeriodReturns(null);
        int weekend = closePeriods(time, equity, period, r);
        double peak = d.peak();
        double maxDd = d.maxPeak();
        int ddPeriods = d.count();
        double sumPeaks = d.sumPeaks();
        long maxDur = d.maxDuration();
        double sumDur = d.sumDurations();

        int periodsPerYear = switch (period) {
            case WEEK -> 52;
            case MONTH -> 12;
            case YEAR -> 1;
            case DAY -> (double) weekend / n > 0.6 * 2 / 7 ? 365 : 252;
        };
        double g = r.geometricMean();
        double var = r.variance();
        double nPer = periodsPerYear;
        double annReturn = Math.pow(1 + g, nPer) - 1;
        double returnAnnPct = annReturn * 100;
        double volAnnPct = Math.sqrt(Math.pow(var + (1 + g) * (1 + g), nPer) - Math.pow(1 + g, 2 * nPer)) * 100;
        double years = durationDays / 365.25;
        double cagrPct = (Math.pow(eN / e0, 1 / years) - 1) * 100;
        double sharpe = nanIfInfinite((returnAnnPct - riskFree * 100) / volAnnPct);
        double sortino = nanIfInfinite((annReturn - riskFree) / (r.downsideDeviation() * Math.sqrt(nPer)));
        double calmar = nanIfInfinite(annReturn / maxDd);

        double avgDdPct = ddPeriods == 0 ? Double.NaN : -sumPeaks / ddPeriods * 100;
        double maxDdDur = ddPeriods == 0 ? Double.NaN : ceilDays(maxDur, unit);
        double avgDdDur = ddPeriods == 0 ? Double.NaN : ceilDays(sumDur / ddPeriods, unit);
        return new EquityStats(start, end, durationDays, eN, peak, returnPct, returnAnnPct, volAnnPct, cagrPct, sharpe, sortino,
                calmar, maxDd == 0 ? 0 : -maxDd * 100, avgDdPct, maxDdDur, avgDdDur, periodsPerYear);
    }

    /**
     * The returns {@code r} between consecutive period-end equity values, accumulated as each period completes:
     * geometric mean (a NaN return, only from 0/0, counts as 0), sample variance (Welford) and downside deviation;
     * each return is also written to {@code out} when one is given.
     */
    static final class PeriodReturns {
        private final double[] out;
        private double previous = Double.NaN;
        private boolean first = true;
        private int count;
        private double sumLog;
        private boolean nonPositive;
        private double mean;
        private double m2;
        private double downside;

        PeriodReturns(double[] out) {
            this.out = out;
        }

        /** The period that just ended had {@code last} as its last equity value. */
        void close(double last) {
            if (first) {
                if (!Double.isNaN(last)) {
                    first = false;
                    previous = last;
                }
                return;
            }
            double r = last / previous - 1;
            previous = last;
            if (Double.isNaN(r)) {
                r = 0;
            }
            if (out != null) {
                out[count] = r;
            }
            count++;
            double v = 1 + r;
            if (v <= 0) {
                nonPositive = true;
            } else {
                sumLog += Math.log(v);
            }
            double delta = r - mean;
            mean += delta / count;
            m2 += delta * (r - mean);
            double down = Math.min(r, 0);
            downside += down * down;
        }

        /** The returns so far. */
        int count() {
            return count;
        }

        double geometricMean() {
            return count == 0 ? Double.NaN : nonPositive ? 0 : Math.exp(sumLog / count) - 1;
        }

        double variance() {
            return count < 2 ? Double.NaN : m2 / (count - 1);
        }

        double downsideDeviation() {
            return count == 0 ? Double.NaN : Math.sqrt(downside / count);
        }
    }

    /**
     * The drawdown periods of a curve: their number, the sum and the largest of their deepest drawdowns (0 if none),
     * the largest (Long.MIN_VALUE if none) and the sum of their durations in seconds; and the curve's peak.
     */
    record Drawdowns(int count, double sumPeaks, double maxPeak, long maxDuration, double sumDurations, double peak) {
    }

    /** The drawdown periods as they close, in order: what {@link Drawdowns} reports of them. */
    static final class DrawdownPeriods {
        private int count;
        private double sumPeaks;
        private double maxPeak;
        private long maxDuration = Long.MIN_VALUE;
        private double sumDurations;

        void close(double depth, long duration) {
            count++;
            sumPeaks += depth;
            maxPeak = Math.max(maxPeak, depth);
            sumDurations += duration;
            maxDuration = Math.max(maxDuration, duration);
        }

        Drawdowns result(double peak) {
            return new Drawdowns(count, sumPeaks, maxPeak, maxDuration, sumDurations, peak);
        }
    }

    /**
     * Bars of one block of {@link #drawdown}: the division pass then reads the peaks the first pass wrote from the
     * L1 cache (2 × 8 KB) instead of from memory.
     */
    private static final int DRAWDOWN_BLOCK = 1024;

    /**
     * The drawdown periods of {@code equity}: the maximal runs of {@code dd > 0} ({@link #drawdown}), each closed by
     * the next {@code dd == 0} or by the last time.
     */
    static Drawdowns drawdowns(long[] time, double[] equity) {
        DrawdownScan scan = new DrawdownScan(time, equity);
        scan.next(equity.length);
        return scan.result();
    }

    /**
     * {@link #drawdowns} a block at a time, so that a caller reading the same equity for other sums (beta) can do
     * so block by block while the block is still in the cache. Nothing is written per time: the periods come from the
     * equity and its running peak alone. For a finite peak {@code p > 0}, {@code dd > 0} exactly when {@code E < p}
     * ({@code E/p} then rounds below 1) and {@code dd == 0} when {@code E == p}; within a period the peak is constant
     * and {@code 1 − E/p} (rounded) decreases with {@code E}, so the period's deepest drawdown is that of its lowest
     * equity. An infinite peak breaks both and sends the periods to {@link #drawdownRuns}, which reads them from the
     * curve.
     */
    static final class DrawdownScan {
        private final long[] time;
        private final double[] equity;
        private int scanned;
        private double peak = Double.NEGATIVE_INFINITY;
        private final DrawdownPeriods periods = new DrawdownPeriods();
        private int runStart = -1; // first time of the open period, -1: none
        private double runLow; // its lowest equity
        private double runTop; // its peak

        DrawdownScan(long[] time, double[] equity) {
            this.time = time;
            this.equity = equity;
        }

        /** Scans the times from the end of the previous block to {@code to} (exclusive). */
        void next(int to) {
            int i = scanned;
            scanned = to;
            while (i < to) {
                if (runStart < 0) { // outside a period: until dd > 0
                    for (; i < to; i++) {
                        double e = equity[i];
                        if (e > peak) {
                            peak = e;
                        }
                        if (e < peak && peak > 0) {
                            break;
                        }
                    }
                    if (i == to) {
                        break;
                    }
                    runStart = i;
                    runTop = peak;
                    runLow = equity[i++];
                }
                for (; i < to; i++) { // in a period (peak > 0): until E >= peak, NaN equity going on
                    double e = equity[i];
                    if (e < peak) {
                        if (e < runLow) {
                            runLow = e;
                        }
                    } else if (e >= peak) {
                        peak = e;
                        break;
                    }
                }
                if (i == to) {
                    break;
                }
                close(time[i]);
                i++;
            }
        }

        private void close(long at) {
            periods.close(1 - runLow / runTop, at - time[Math.max(runStart - 1, 0)]);
            runStart = -1;
        }

        /** The periods, once every time has been scanned (the last open period closed by the last time). */
        Drawdowns result() {
            if (peak == Double.POSITIVE_INFINITY) {
                return drawdownRuns(time, drawdown(equity), peak);
            }
            if (runStart >= 0) {
                close(time[equity.length - 1]);
            }
            return periods.result(peak);
        }
    }

    /** {@link #drawdowns} read from the drawdown curve {@code dd}, for an infinite peak. */
    static Drawdowns drawdownRuns(long[] time, double[] dd, double peak) {
        int n = dd.length;
        DrawdownPeriods periods = new DrawdownPeriods();
        int runStart = -1;
        double runPeak = 0;
        for (int i = 0; i < n; i++) {
            double d = dd[i];
            if (runStart < 0) {
                if (d > 0) {
                    runStart = i;
                    runPeak = d;
                }
            } else if (d > runPeak) {
                runPeak = d;
            }
            if (runStart >= 0 && (d == 0 || i == n - 1)) {
                periods.close(runPeak, time[i] - time[Math.max(runStart - 1, 0)]);
                runStart = -1;
            }
        }
        return periods.result(peak);
    }

    /**
     * Hands {@code returns} the last equity of each calendar period of {@code time} (increasing or equal times), in
     * order, and counts the times on a Saturday or Sunday. Every period is a union of UTC days, so this walks the
     * times a day at a time — the end of each day found by a galloping search — and looks at the calendar once a
     * day rather than once a time: what the equity loop did per time, with the same calls in the same order.
     *
     * @return the number of times on a Saturday or Sunday (UTC)
     */
    static int closePeriods(long[] time, double[] equity, Period period, PeriodReturns returns) {
        int n = time.length;
        int weekend = 0;
        long key = Long.MIN_VALUE;
        int length = 1; // times in the previous day: the first guess for this one (regular bars: right)
        for (int i = 0; i < n; ) {
            long day = Math.floorDiv(time[i], 86_400);
            long dayEnd = (day + 1) * 86_400;
            int next = i + length;
            if (next > n || time[next - 1] >= dayEnd || next < n && time[next] < dayEnd) {
                next = firstAtOrAfter(time, i + 1, dayEnd);
            }
            length = next - i;
            if (Math.floorMod(day + 3, 7) >= 5) { // day 0 was a Thursday; 0 = Monday
                weekend += next - i;
            }
            long k = dayPeriodKey(day, period);
            if (k != key) {
                if (i > 0) {
                    returns.close(equity[i - 1]);
                }
                key = k;
            }
            i = next;
        }
        returns.close(equity[n - 1]);
        return weekend;
    }

    /** The period of UTC day {@code day} (days since the epoch) as {@link #periodKey} numbers it. */
    static long dayPeriodKey(long day, Period period) {
        return switch (period) {
            case DAY -> day;
            case WEEK -> Math.floorDiv(day - 4, 7);
            case MONTH -> {
                LocalDate d = LocalDate.ofEpochDay(day);
                yield d.getYear() * 12L + d.getMonthValue();
            }
            case YEAR -> LocalDate.ofEpochDay(day).getYear();
        };
    }

    /**
     * The first index {@code j >= from} with {@code time[j] >= bound}, or {@code time.length}: {@code time}
     * non-decreasing from {@code from}. Galloping (steps 1, 2, 4, … then bisection), so a day of {@code m} times
     * costs about {@code 2·log2(m)} probes and a day of one time a single probe.
     */
    static int firstAtOrAfter(long[] time, int from, long bound) {
        int n = time.length;
        if (from >= n || time[from] >= bound) {
            return from;
        }
        int below = from; // time[below] < bound
        int above = n;    // time[above] >= bound, or n
        for (int step = 1; ; step <<= 1) {
            if (step >= n - below) {
                break;
            }
            int probe = below + step;
            if (time[probe] >= bound) {
                above = probe;
                break;
            }
            below = probe;
        }
        while (above - below > 1) {
            int mid = (below + above) >>> 1;
            if (time[mid] >= bound) {
                above = mid;
            } else {
                below = mid;
            }
        }
        return above;
    }

    static long medianSpacing(long[] time) {
        int from = Math.max(0, time.length - 101);
        long[] d = new long[time.length - 1 - from];
        for (int i = from + 1; i < time.length; i++) {
            d[i - from - 1] = time[i] - time[i - 1];
        }
        Arrays.sort(d);
        int m = d.length;
        return m % 2 == 1 ? d[m / 2] : (d[m / 2 - 1] + d[m / 2]) / 2;
    }

    static long periodKey(long t, Period period) {
        return switch (period) {
            case DAY -> Math.floorDiv(t, 86_400);
            case WEEK -> Math.floorDiv(t - 4 * 86_400L, 604_800);
            case MONTH -> {
                LocalDate d = LocalDate.ofEpochDay(Math.floorDiv(t, 86_400));
                yield d.getYear() * 12L + d.getMonthValue();
            }
            case YEAR -> LocalDate.ofEpochDay(Math.floorDiv(t, 86_400)).getYear();
        };
    }

    /** The time resolution of {@code time} in seconds: the largest of day / hour / minute / second dividing the median spacing. */
    static long resolution(long[] time) {
        long spacing = medianSpacing(time);
        return spacing % 86_400 == 0 ? 86_400 : spacing % 3600 == 0 ? 3600 : spacing % 60 == 0 ? 60 : 1;
    }

    static double ceilDays(double seconds, long unit) {
        return Math.ceil(seconds / unit) * unit / DAY;
    }

    static double nanIfInfinite(double v) {
        return Double.isInfinite(v) ? Double.NaN : v;
    }
}
