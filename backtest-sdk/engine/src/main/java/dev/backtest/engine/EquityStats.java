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
        return compute(time, equity, new double[equity.length], riskFreeRate, null);
    }

    /** The drawdown curve {@code dd[i] = 1 − E[i] / max(E[0..i])} (0 while the peak is not positive). */
    public static double[] drawdown(double[] equity) {
        double[] dd = new double[equity.length];
        double peak = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < equity.length; i++) {
            peak = Math.max(peak, equity[i]);
            dd[i] = peak > 0 ? 1 - equity[i] / peak : 0;
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
        compute(time, equity, new double[equity.length], 0, returns);
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
     * The statistics in one pass over the curve, which also fills {@code dd} (same length as {@code equity}) with
     * the drawdown curve; {@code returns} (may be null) receives the periodic returns. No other per-time memory.
     */
    static EquityStats compute(long[] time, double[] equity, double[] dd, double riskFree, PeriodReturns returns) {
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

        double peak = Double.NEGATIVE_INFINITY;
        double previous = Double.NaN;
        double previousDd = 0;
        double maxDd = 0;
        // drawdown periods: runs of dd > 0, closed by the next dd == 0 time or by the last time
        int ddPeriods = 0;
        double sumPeaks = 0;
        long maxDur = Long.MIN_VALUE;
        double sumDur = 0;
        int runStart = -1;
        double runPeak = 0;
        // periodic returns from the last equity of each calendar period, accumulated as they complete
        PeriodReturns r = returns != null ? returns : new PeriodReturns(null);
        long periodEnd = Long.MIN_VALUE; // first time after the current period (DAY); keys for the other periods
        long periodKey = Long.MIN_VALUE;
        double periodLast = Double.NaN;
        boolean weekendDay = false;
        int weekend = 0;
        for (int i = 0; i < n; i++) {
            double e = equity[i];
            long t = time[i];
            double d;
            if (e == previous) { // flat equity (no position): same peak, same drawdown, no division
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
            if (t >= periodEnd) { // a new calendar day (times increase)
                long day = Math.floorDiv(t, 86_400);
                periodEnd = (day + 1) * 86_400;
                weekendDay = Math.floorMod(day + 3, 7) >= 5; // day 0 was a Thursday; 0 = Monday
            }
            if (weekendDay) {
                weekend++;
            }
            long key = period == Period.DAY ? periodEnd : periodKey(t, period);
            if (key != periodKey) {
                r.close(periodLast);
                periodKey = key;
            }
            periodLast = e;
        }
        r.close(periodLast);

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
