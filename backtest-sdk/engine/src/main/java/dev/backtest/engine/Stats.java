package dev.backtest.engine;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;

import java.util.Arrays;
import java.util.List;

/**
 * The statistics table of docs/engine.md. Undefined values (no trades, zero variance, a single period) are
 * {@code NaN} here and {@code null} in JSON. Percentages are ×100; durations are fractional days
 * ({@code *_days} in JSON), trade and drawdown durations rounded up to the bar resolution (the largest of
 * second / minute / hour / day that divides the median bar spacing). Start and end are epoch seconds here and
 * ISO-8601 in JSON.
 *
 * <p>The statistics of the equity curve alone (returns, annualised figures, ratios, drawdowns, equity final and
 * peak) are {@link EquityStats}'s, the implementation the portfolio statistics share; see it for the choices
 * where the reference semantics are open there (the period of the returns {@code r} and the bar resolution inferred from the
 * median spacing of the last 100 bars, UTC calendar periods with weeks starting on Monday, a NaN return counting
 * as 0 in the variance as in the geometric mean, a final drawdown run of a single bar counting as a period).
 * Here: exposure counts closed trades only; the risk-free rate enters the Sharpe and Sortino ratios only.
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
        int periodsPerYear) implements MetricSource {

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
    @Override
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

    /**
     * The statistics of a run: those of the equity curve alone by {@link EquityStats}, then beta, alpha and the trade
     * statistics. No per-bar memory is written: the drawdown periods come from comparisons of the equity with its
     * running peak, and the drawdown curve itself is left to {@link BacktestResult#drawdown()}, which computes it when
     * first asked (a sweep ranking runs by a statistic never does).
     */
    static Stats compute(long[] time, double[] close, double[] equity, List<ClosedTrade> trades, int w, double riskFree) {
        int n = equity.length;
        double buyHold = (close[n - 1] - close[w]) / close[w] * 100;
        long unit = EquityStats.resolution(time);

        // beta: sums of the log returns of equity (a) and close (b), shifted by the first pair for stability.
        // A block at a time: the shifted series of logRatio, computed without branches (so that the JIT uses vector
        // divisions) and made non-finite where the series is out of its range, then the four sums in order. A block
        // whose sums come out non-finite is summed again from where it started, each value taken from the series or
        // from Math.log as logRatio chooses: the same values and sums as logRatio bar by bar, bit for bit. The blocks
        // are the only scratch memory, of a fixed size. The drawdowns are scanned block by block along, so that the
        // equity is read from memory once.
        double a0 = n > 1 ? logRatio(equity[1], equity[0]) : 0;
        double b0 = n > 1 ? logRatio(close[1], close[0]) : 0;
        double sa = 0;
        double sb = 0;
        double sab = 0;
        double sbb = 0;
        int block = Math.max(1, Math.min(BLOCK, n - 1));
        double[] ra = new double[block];
        double[] rb = new double[block];
        double[] previous = new double[block];
        double[] current = new double[block];
        EquityStats.DrawdownScan drawdowns = new EquityStats.DrawdownScan(time, equity);
        drawdowns.next(1);
        for (int from = 1; from < n; from += block) {
            int m = Math.min(block, n - from);
            drawdowns.next(from + m);
            shiftedLogRatioSeries(equity, from, m, a0, previous, current, ra);
            shiftedLogRatioSeries(close, from, m, b0, previous, current, rb);
            double sa1 = sa;
            double sb1 = sb;
            double sab1 = sab;
            double sbb1 = sbb;
            for (int k = 0; k < m; k++) {
                double a = ra[k];
                double b = rb[k];
                sa1 += a;
                sb1 += b;
                sab1 += a * b;
                sbb1 += b * b;
            }
            if (!Double.isFinite(sa1) || !Double.isFinite(sb1)) { // a value out of the series' range (or a non-finite sum)
                sa1 = sa;
                sb1 = sb;
                sab1 = sab;
                sbb1 = sbb;
                for (int i = from; i < from + m; i++) {
                    double a = blockLogRatio(equity, i) - a0;
                    double b = blockLogRatio(close, i) - b0;
                    sa1 += a;
                    sb1 += b;
                    sab1 += a * b;
                    sbb1 += b * b;
                }
            }
            sa = sa1;
            sb = sb1;
            sab = sab1;
            sbb = sbb1;
        }
        EquityStats eq = EquityStats.compute(time, equity, drawdowns.result(), riskFree, null);
        double beta = Double.NaN;
        if (n >= 3) {
            int m2 = n - 1;
            double cov = (sab - sa * sb / m2) / (m2 - 1);
            double vc = (sbb - sb * sb / m2) / (m2 - 1);
            beta = nanIfInfinite(cov / vc);
        }
        double alpha = eq.returnPct() - beta * buyHold;

        // one pass over the trades (objects spread over the heap), their numbers kept for the passes that follow
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
        double[] pnls = new double[count];
        long[] intervals = new long[count];
        for (int j = 0; j < count; j++) {
            ClosedTrade t = trades.get(j);
            double ret = t.returnPct();
            rets[j] = ret;
            pnls[j] = t.pnl();
            intervals[j] = interval(t);
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
        for (double pnl : pnls) {
            varPnl += (pnl - meanPnl) * (pnl - meanPnl);
        }
        double exposure = exposedBars(intervals, n) * 100.0 / n;
        double sdPnl = count < 2 ? Double.NaN : Math.sqrt(varPnl / (count - 1));
        double sqn = nanIfInfinite(Math.sqrt(count) * meanPnl / sdPnl);
        double p = winRate / 100;
        double kelly = nPosPnl == 0 || nNegPnl == 0 ? Double.NaN
                : p - (1 - p) / ((sumPosPnl / nPosPnl) / -(sumNegPnl / nNegPnl));

        return new Stats(eq.start(), eq.end(), eq.durationDays(), exposure, eq.equityFinal(), eq.equityPeak(), eq.returnPct(),
                buyHold, eq.returnAnnPct(), eq.volatilityAnnPct(), eq.cagrPct(), eq.sharpeRatio(), eq.sortinoRatio(),
                eq.calmarRatio(), alpha, beta, eq.maxDrawdownPct(), eq.avgDrawdownPct(), eq.maxDrawdownDurationDays(),
                eq.avgDrawdownDurationDays(), count,
                winRate, best * 100, worst * 100, count == 0 ? Double.NaN : geometricMean(rets) * 100,
                count == 0 ? Double.NaN : ceilDays(maxTradeDur, unit), count == 0 ? Double.NaN : ceilDays(sumTradeDur / count, unit),
                neg == 0 ? Double.NaN : pos / Math.abs(neg), count == 0 ? Double.NaN : sumRet / count * 100, sqn, kelly,
                commissions, eq.periodsPerYear());
    }

    /** {@code exp(mean(ln(1+r))) − 1}; 0 if some {@code 1+r <= 0}; NaN if empty. NaN returns count as 0. */
    static double geometricMean(double[] r) {
        return EquityStats.geometricMean(r);
    }

    /** Bars {@code i} with {@code entry_bar <= i <= exit_bar} for some trade: the union of the trades' intervals. */
    static int exposedBars(List<ClosedTrade> trades, int n) {
        long[] intervals = new long[trades.size()];
        for (int j = 0; j < intervals.length; j++) {
            intervals[j] = interval(trades.get(j));
        }
        return exposedBars(intervals, n);
    }

    /** A trade's bars as one number that sorts by entry bar, then exit bar. */
    private static long interval(ClosedTrade t) {
        return (long) t.entryBar() << 32 | t.exitBar();
    }

    /** {@link #exposedBars(List, int)} of the trades' {@link #interval}s, which it may sort. */
    private static int exposedBars(long[] intervals, int n) {
        int count = intervals.length;
        if (count == 0) {
            return 0;
        }
        boolean sorted = true;
        for (int j = 1; j < count; j++) {
            sorted &= intervals[j] >= intervals[j - 1];
        }
        if (!sorted) { // trades one at a time are already in order
            Arrays.sort(intervals);
        }
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

    /** Bars of the log-ratio blocks of the beta sums: 4 blocks of 8 bytes a bar, 16 KB, stay in the L1 cache. */
    private static final int BLOCK = 512;

    /**
     * For {@code k < m}, {@code r[k] = l − shift} where {@code l} is the series of {@link #logRatio} at
     * {@code u = (x[i] − x[i−1]) / (x[i] + x[i−1])}, {@code i = from + k}, when {@code |u| <= 2⁻⁷}; otherwise
     * {@code r[k]} is infinite or NaN (so is any sum it enters). Branch-free so that it vectorises: the flag is
     * {@code (w + |w|)·2¹⁰²³·2¹⁰²³} with {@code w = u² − 2⁻¹⁴}, +0 in range (adding it can only turn a −0 into
     * +0, which no sum starting from +0 tells apart) and at least {@code 2⁻⁶⁵·2²⁰⁴⁶ = ∞} out of it.
     */
    static void shiftedLogRatioSeries(double[] x, int from, int m, double shift, double[] previous, double[] current,
                                      double[] r) {
        // copied first: C2 (JDK 17) vectorises the loop over arrays indexed by k alone, not over x[from + k]
        System.arraycopy(x, from - 1, previous, 0, m);
        System.arraycopy(x, from, current, 0, m);
        for (int k = 0; k < m; k++) {
            double a = current[k];
            double b = previous[k];
            double u = (a - b) / (a + b);
            double v = u * u;
            double w = v - 0x1p-14;
            r[k] = 2 * u * (1 + v * (1.0 / 3 + v * (1.0 / 5 + v * (1.0 / 7 + v * (1.0 / 9))))) - shift
                    + (w + Math.abs(w)) * 0x1p1023 * 0x1p1023;
        }
    }

    /**
     * {@code ln(x[i] / x[i−1])} as the beta sums take it: the series of {@link #logRatio} for {@code |u| <= 2⁻⁷}
     * (the same expression as {@link #shiftedLogRatioSeries}, so the same bits), else {@code Math.log}.
     */
    private static double blockLogRatio(double[] x, int i) {
        double a = x[i];
        double b = x[i - 1];
        double u = (a - b) / (a + b);
        if (!(Math.abs(u) <= 0x1p-7)) {
            return Math.log(a / b);
        }
        double v = u * u;
        return 2 * u * (1 + v * (1.0 / 3 + v * (1.0 / 5 + v * (1.0 / 7 + v * (1.0 / 9)))));
    }

    private static double ceilDays(double seconds, long unit) {
        return EquityStats.ceilDays(seconds, unit);
    }

    private static double nanIfInfinite(double v) {
        return EquityStats.nanIfInfinite(v);
    }
}
