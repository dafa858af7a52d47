package dev.backtest.engine;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

/**
 * The statistics table of docs/engine.md. Undefined values (no trades, zero variance, a single period) are
 * {@code NaN} here and {@code null} in JSON. Percentages are ×100; durations are fractional days
 * ({@code *_days} in JSON), trade and drawdown durations rounded up to the bar resolution (the largest of
 * second / minute / hour / day that divides the median bar spacing). Start and end are epoch seconds here and
 * ISO-8601 in JSON.
 *
 * <p>Choices where the reference semantics are open: the period of the returns {@code r} and of the bar resolution is inferred
 * from the median spacing of the last 100 bars (7 days = weekly, 28–31 = monthly, 365–366 = yearly, else
 * daily); calendar periods are UTC (weeks start on Monday); a return that is NaN counts as 0 in the variance
 * as in the geometric mean; a final drawdown run of a single bar counts as a period (its duration is one bar);
 * exposure counts closed trades only; the risk-free rate enters the Sharpe and Sortino ratios only.
 *
 * <pre>{@code
 * Stats s = result.stats();
 * if (!Double.isNaN(s.sharpeRatio())) System.out.printf("Sharpe %.2f over %d trades%n", s.sharpeRatio(), s.trades());
 * }</pre>
 */
public record Stats(
        long start,
        long end,
        double durationDays,
        double exposureTimePct,
        double equityFinal,
        double equityPeak,
        double returnPct,
        double buyHoldReturnPct,
        double returnAnnPct,
        double volatilityAnnPct,
        double cagrPct,
        double sharpeRatio,
        double sortinoRatio,
        double calmarRatio,
        double alphaPct,
        double beta,
        double maxDrawdownPct,
        double avgDrawdownPct,
        double maxDrawdownDurationDays,
        double avgDrawdownDurationDays,
        int trades,
        double winRatePct,
        double bestTradePct,
        double worstTradePct,
        double avgTradePct,
        double maxTradeDurationDays,
        double avgTradeDurationDays,
        double profitFactor,
        double expectancyPct,
        double sqn,
        double kellyCriterion,
        double commissions,
        int periodsPerYear) {

    private static final double DAY = 86_400.0;

    /**
     * The statistics' names of docs/engine.md in display order: the keys of the JSON form ({@code start} and
     * {@code end} are ISO-8601 there) and the names {@link #metric(String)} accepts, except {@code start},
     * {@code end} and {@code periods_per_year}.
     */
    public static final List<String> NAMES = List.of(
            "start", "end", "duration_days", "exposure_time_pct", "equity_final", "equity_peak", "return_pct",
            "buy_hold_return_pct", "return_ann_pct", "volatility_ann_pct", "cagr_pct", "sharpe_ratio", "sortino_ratio",
            "calmar_ratio", "alpha_pct", "beta", "max_drawdown_pct", "avg_drawdown_pct", "max_drawdown_duration_days",
            "avg_drawdown_duration_days", "trades", "win_rate_pct", "best_trade_pct", "worst_trade_pct",
            "avg_trade_pct", "max_trade_duration_days", "avg_trade_duration_days", "profit_factor", "expectancy_pct",
            "sqn", "kelly_criterion", "commissions", "periods_per_year");


    /**
     * The value of a statistic by its name in {@link #NAMES} (for ranking sweeps); NaN where the statistic is undefined.
     *
     * @throws BacktestException {@link ErrorCode#INVALID_RUN_OPTIONS} for a name that is not a statistic (or is
     *         {@code start}, {@code end}, {@code periods_per_year}), listing the accepted names
     */
    public double metric(String name) {
        return switch (name) {
            case "duration_days" -> durationDays;
            case "exposure_time_pct" -> exposureTimePct;
            case "equity_final" -> equityFinal;
            case "equity_peak" -> equityPeak;
            case "return_pct" -> returnPct;
            case "buy_hold_return_pct" -> buyHoldReturnPct;
            case "return_ann_pct" -> returnAnnPct;
            case "volatility_ann_pct" -> volatilityAnnPct;
            case "cagr_pct" -> cagrPct;
            case "sharpe_ratio" -> sharpeRatio;
            case "sortino_ratio" -> sortinoRatio;
            case "calmar_ratio" -> calmarRatio;
            case "alpha_pct" -> alphaPct;
            case "beta" -> beta;
            case "max_drawdown_pct" -> maxDrawdownPct;
            case "avg_drawdown_pct" -> avgDrawdownPct;
            case "max_drawdown_duration_days" -> maxDrawdownDurationDays;
            case "avg_drawdown_duration_days" -> avgDrawdownDurationDays;
            case "trades" -> trades;
            case "win_rate_pct" -> winRatePct;
            case "best_trade_pct" -> bestTradePct;
            case "worst_trade_pct" -> worstTradePct;
            case "avg_trade_pct" -> avgTradePct;
            case "max_trade_duration_days" -> maxTradeDurationDays;
            case "avg_trade_duration_days" -> avgTradeDurationDays;
            case "profit_factor" -> profitFactor;
            case "expectancy_pct" -> expectancyPct;
            case "sqn" -> sqn;
            case "kelly_criterion" -> kellyCriterion;
            case "commissions" -> commissions;
            default -> throw BacktestException.of(ErrorCode.INVALID_RUN_OPTIONS, "unknown metric '" + name + "'; accepted: "
                    + String.join(", ", NAMES.subList(2, NAMES.size() - 1))).with("metric", name);
        };
    }

    /** All undefined: only there to check metric names without a run. */
    private static final Stats UNDEFINED = new Stats(0, 0,
            Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            0,
            Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN, Double.NaN,
            0);

    /**
     * Checks, before any run, that {@link #metric(String)} accepts {@code name}: throws exactly what it would throw.
     *
     * @return {@code name}
     * @throws BacktestException {@link ErrorCode#INVALID_RUN_OPTIONS} for an unknown name
     */
    public static String requireMetric(String name) {
        UNDEFINED.metric(name);
        return name;
    }

    /** {@code dd[i] = 1 − E[i] / max(E[0..i])}. */
    static double[] drawdown(double[] equity) {
        double[] dd = new double[equity.length];
        double peak = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < equity.length; i++) {
            peak = Math.max(peak, equity[i]);
            dd[i] = peak > 0 ? 1 - equity[i] / peak : 0;
        }
        return dd;
    }

    enum Period { DAY, WEEK, MONTH, YEAR }

    /**
     * The statistics of a run. Everything per bar is computed in one pass over the arrays, which also fills
     * {@code dd} (same length as {@code equity}) with the drawdown curve; no other per-bar memory is used.
     */
    static Stats compute(long[] time, double[] close, double[] equity, double[] dd, List<ClosedTrade> trades, int w,
                         double riskFree) {
        int n = equity.length;
        long start = time[0];
        long end = time[n - 1];
        double durationDays = (end - start) / DAY;
        double e0 = equity[0];
        double eN = equity[n - 1];
        double returnPct = (eN - e0) / e0 * 100;
        double buyHold = (close[n - 1] - close[w]) / close[w] * 100;

        long spacing = medianSpacing(time);
        long unit = spacing % 86_400 == 0 ? 86_400 : spacing % 3600 == 0 ? 3600 : spacing % 60 == 0 ? 60 : 1;
        long spacingDays = spacing / 86_400;
        Period period = spacingDays == 7 ? Period.WEEK : spacingDays >= 28 && spacingDays <= 31 ? Period.MONTH
                : spacingDays == 365 || spacingDays == 366 ? Period.YEAR : Period.DAY;

        double peak = Double.NEGATIVE_INFINITY;
        double maxDd = 0;
        // drawdown periods: runs of dd > 0, closed by the next dd == 0 bar or by the last bar
        int ddPeriods = 0;
        double sumPeaks = 0;
        long maxDur = Long.MIN_VALUE;
        double sumDur = 0;
        int runStart = -1;
        double runPeak = 0;
        // periodic returns from the last equity of each calendar period, accumulated as they complete
        PeriodReturns returns = new PeriodReturns();
        long periodEnd = Long.MIN_VALUE; // first time after the current period (DAY); keys for the other periods
        long periodKey = Long.MIN_VALUE;
        double periodLast = Double.NaN;
        boolean weekendDay = false;
        int weekend = 0;
        // beta: sums of the log returns of equity (a) and close (b), shifted by the first pair for stability
        double a0 = 0;
        double b0 = 0;
        double sa = 0;
        double sb = 0;
        double sab = 0;
        double sbb = 0;
        for (int i = 0; i < n; i++) {
            double e = equity[i];
            long t = time[i];
            if (e > peak) {
                peak = e;
            }
            double d = peak > 0 ? 1 - e / peak : 0;
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
                returns.close(periodLast);
                periodKey = key;
            }
            periodLast = e;
            if (i > 0) {
                double a = logRatio(e, equity[i - 1]);
                double b = logRatio(close[i], close[i - 1]);
                if (i == 1) {
                    a0 = a;
                    b0 = b;
                }
                a -= a0;
                b -= b0;
                sa += a;
                sb += b;
                sab += a * b;
                sbb += b * b;
            }
        }
        returns.close(periodLast);

        int periodsPerYear = switch (period) {
            case WEEK -> 52;
            case MONTH -> 12;
            case YEAR -> 1;
            case DAY -> (double) weekend / n > 0.6 * 2 / 7 ? 365 : 252;
        };
        double g = returns.geometricMean();
        double var = returns.variance();
        double nPer = periodsPerYear;
        double annReturn = Math.pow(1 + g, nPer) - 1;
        double returnAnnPct = annReturn * 100;
        double volAnnPct = Math.sqrt(Math.pow(var + (1 + g) * (1 + g), nPer) - Math.pow(1 + g, 2 * nPer)) * 100;
        double years = durationDays / 365.25;
        double cagrPct = (Math.pow(eN / e0, 1 / years) - 1) * 100;
        double sharpe = nanIfInfinite((returnAnnPct - riskFree * 100) / volAnnPct);
        double sortino = nanIfInfinite((annReturn - riskFree) / (returns.downsideDeviation() * Math.sqrt(nPer)));
        double calmar = nanIfInfinite(annReturn / maxDd);

        double avgDdPct = ddPeriods == 0 ? Double.NaN : -sumPeaks / ddPeriods * 100;
        double maxDdDur = ddPeriods == 0 ? Double.NaN : ceilDays(maxDur, unit);
        double avgDdDur = ddPeriods == 0 ? Double.NaN : ceilDays(sumDur / ddPeriods, unit);

        double beta = Double.NaN;
        if (n >= 3) {
            int m2 = n - 1;
            double cov = (sab - sa * sb / m2) / (m2 - 1);
            double vc = (sbb - sb * sb / m2) / (m2 - 1);
            beta = nanIfInfinite(cov / vc);
        }
        double alpha = returnPct - beta * buyHold;
        double exposure = exposedBars(trades, n) * 100.0 / n;

        int count = trades.size();
        double commissions = 0;
        int wins = 0;
        double best = Double.NaN;
        double worst = Double.NaN;
        double sumRet = 0;
        double pos = 0;
        double neg = 0;
        double sumPnl = 0;
        double sumPosPnl = 0;
        int nPosPnl = 0;
        double sumNegPnl = 0;
        int nNegPnl = 0;
        long maxTradeDur = Long.MIN_VALUE;
        double sumTradeDur = 0;
        double[] rets = new double[count];
        for (int j = 0; j < count; j++) {
            ClosedTrade t = trades.get(j);
            double ret = t.returnPct();
            rets[j] = ret;
            commissions += t.commission();
            if (t.pnl() > 0) {
                wins++;
                sumPosPnl += t.pnl();
                nPosPnl++;
            } else if (t.pnl() < 0) {
                sumNegPnl += t.pnl();
                nNegPnl++;
            }
            best = j == 0 ? ret : Math.max(best, ret);
            worst = j == 0 ? ret : Math.min(worst, ret);
            sumRet += ret;
            if (ret > 0) {
                pos += ret;
            } else if (ret < 0) {
                neg += ret;
            }
            sumPnl += t.pnl();
            maxTradeDur = Math.max(maxTradeDur, t.duration());
            sumTradeDur += t.duration();
        }
        double winRate = count == 0 ? Double.NaN : wins * 100.0 / count;
        double meanPnl = count == 0 ? Double.NaN : sumPnl / count;
        double varPnl = 0;
        for (ClosedTrade t : trades) {
            varPnl += (t.pnl() - meanPnl) * (t.pnl() - meanPnl);
        }
        double sdPnl = count < 2 ? Double.NaN : Math.sqrt(varPnl / (count - 1));
        double sqn = nanIfInfinite(Math.sqrt(count) * meanPnl / sdPnl);
        double p = winRate / 100;
        double kelly = nPosPnl == 0 || nNegPnl == 0 ? Double.NaN
                : p - (1 - p) / ((sumPosPnl / nPosPnl) / -(sumNegPnl / nNegPnl));

        return new Stats(start, end, durationDays, exposure, eN, peak, returnPct, buyHold, returnAnnPct, volAnnPct, cagrPct,
                sharpe, sortino, calmar, alpha, beta, maxDd == 0 ? 0 : -maxDd * 100, avgDdPct, maxDdDur, avgDdDur, count,
                winRate, best * 100, worst * 100, count == 0 ? Double.NaN : geometricMean(rets) * 100,
                count == 0 ? Double.NaN : ceilDays(maxTradeDur, unit), count == 0 ? Double.NaN : ceilDays(sumTradeDur / count, unit),
                neg == 0 ? Double.NaN : pos / Math.abs(neg), count == 0 ? Double.NaN : sumRet / count * 100, sqn, kelly,
                commissions, periodsPerYear);
    }

    /** {@code exp(mean(ln(1+r))) − 1}; 0 if some {@code 1+r <= 0}; NaN if empty. NaN returns count as 0. */
    static double geometricMean(double[] r) {
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

    /** Bars {@code i} with {@code entry_bar <= i <= exit_bar} for some trade: the union of the trades' intervals. */
    static int exposedBars(List<ClosedTrade> trades, int n) {
        int count = trades.size();
        if (count == 0) {
            return 0;
        }
        long[] intervals = new long[count];
        for (int j = 0; j < count; j++) {
            ClosedTrade t = trades.get(j);
            intervals[j] = (long) t.entryBar() << 32 | t.exitBar();
        }
        Arrays.sort(intervals); // by entry bar, then exit bar
        int exposed = 0;
        int from = -1;
        int to = -2;
        for (long iv : intervals) {
            int a = (int) (iv >>> 32);
            int b = Math.min((int) iv, n - 1);
            if (a > to + 1) {
                exposed += to - from + 1;
                from = a;
                to = b;
            } else if (b > to) {
                to = b;
            }
        }
        return exposed + to - from + 1;
    }

    /**
     * {@code ln(a / b)} for positive {@code a}, {@code b}. Near 1 — every bar-to-bar return of an equity curve or
     * a price series but for rare jumps — it uses {@code ln(a/b) = 2·atanh(u)}, {@code u = (a − b) / (a + b)},
     * summed to {@code u⁹}: for {@code |u| <= 2⁻⁷} (returns within about ±1.6 %) the first term left out is
     * below 2⁻⁵⁵·|u|, so the result is as accurate as {@code Math.log(a / b)} (more so: {@code a − b} is exact
     * there, while {@code a / b} is rounded before the logarithm) at a fraction of its cost, one division.
     */
    static double logRatio(double a, double b) {
        if (a == b && b > 0) { // flat equity between bars
            return 0;
        }
        double u = (a - b) / (a + b);
        if (!(Math.abs(u) <= 0x1p-7)) {
            return Math.log(a / b);
        }
        double v = u * u;
        return 2 * u * (1 + v * (1.0 / 3 + v * (1.0 / 5 + v * (1.0 / 7 + v * (1.0 / 9)))));
    }

    /**
     * The returns {@code r} between consecutive period-end equity values, accumulated as each period completes:
     * geometric mean (a NaN return, only from 0/0, counts as 0), sample variance (Welford) and downside deviation.
     */
    private static final class PeriodReturns {
        private double previous = Double.NaN;
        private boolean first = true;
        private int count;
        private double sumLog;
        private boolean nonPositive;
        private double mean;
        private double m2;
        private double downside;

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

    private static double ceilDays(double seconds, long unit) {
        return Math.ceil(seconds / unit) * unit / DAY;
    }

    private static double nanIfInfinite(double v) {
        return Double.isInfinite(v) ? Double.NaN : v;
    }

}
