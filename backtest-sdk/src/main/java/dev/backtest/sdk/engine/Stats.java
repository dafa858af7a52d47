package dev.backtest.sdk.engine;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

/**
 * The statistics table of SPEC-ENGINE.md. Undefined values (no trades, zero variance, a single period) are
 * {@code NaN} here and {@code null} in JSON. Percentages are ×100; durations are fractional days
 * ({@code *_days} in JSON), trade and drawdown durations rounded up to the bar resolution (the largest of
 * second / minute / hour / day that divides the median bar spacing). Start and end are epoch seconds here and
 * ISO-8601 in JSON.
 *
 * <p>Choices where the spec is open: the period of the returns {@code r} and of the bar resolution is inferred
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
@JsonPropertyOrder({"start", "end", "duration_days", "exposure_time_pct", "equity_final", "equity_peak", "return_pct",
        "buy_hold_return_pct", "return_ann_pct", "volatility_ann_pct", "cagr_pct", "sharpe_ratio", "sortino_ratio",
        "calmar_ratio", "alpha_pct", "beta", "max_drawdown_pct", "avg_drawdown_pct", "max_drawdown_duration_days",
        "avg_drawdown_duration_days", "trades", "win_rate_pct", "best_trade_pct", "worst_trade_pct", "avg_trade_pct",
        "max_trade_duration_days", "avg_trade_duration_days", "profit_factor", "expectancy_pct", "sqn", "kelly_criterion",
        "commissions", "periods_per_year"})
public record Stats(
        @JsonIgnore long start,
        @JsonIgnore long end,
        @JsonProperty("duration_days") double durationDays,
        @JsonProperty("exposure_time_pct") double exposureTimePct,
        @JsonProperty("equity_final") double equityFinal,
        @JsonProperty("equity_peak") double equityPeak,
        @JsonProperty("return_pct") double returnPct,
        @JsonProperty("buy_hold_return_pct") double buyHoldReturnPct,
        @JsonProperty("return_ann_pct") double returnAnnPct,
        @JsonProperty("volatility_ann_pct") double volatilityAnnPct,
        @JsonProperty("cagr_pct") double cagrPct,
        @JsonProperty("sharpe_ratio") double sharpeRatio,
        @JsonProperty("sortino_ratio") double sortinoRatio,
        @JsonProperty("calmar_ratio") double calmarRatio,
        @JsonProperty("alpha_pct") double alphaPct,
        @JsonProperty("beta") double beta,
        @JsonProperty("max_drawdown_pct") double maxDrawdownPct,
        @JsonProperty("avg_drawdown_pct") double avgDrawdownPct,
        @JsonProperty("max_drawdown_duration_days") double maxDrawdownDurationDays,
        @JsonProperty("avg_drawdown_duration_days") double avgDrawdownDurationDays,
        @JsonProperty("trades") int trades,
        @JsonProperty("win_rate_pct") double winRatePct,
        @JsonProperty("best_trade_pct") double bestTradePct,
        @JsonProperty("worst_trade_pct") double worstTradePct,
        @JsonProperty("avg_trade_pct") double avgTradePct,
        @JsonProperty("max_trade_duration_days") double maxTradeDurationDays,
        @JsonProperty("avg_trade_duration_days") double avgTradeDurationDays,
        @JsonProperty("profit_factor") double profitFactor,
        @JsonProperty("expectancy_pct") double expectancyPct,
        @JsonProperty("sqn") double sqn,
        @JsonProperty("kelly_criterion") double kellyCriterion,
        @JsonProperty("commissions") double commissions,
        @JsonProperty("periods_per_year") int periodsPerYear) {

    private static final double DAY = 86_400.0;

    @JsonProperty("start")
    String startIso() {
        return Instant.ofEpochSecond(start).toString();
    }

    @JsonProperty("end")
    String endIso() {
        return Instant.ofEpochSecond(end).toString();
    }

    /** The value of a statistic by its JSON name (for optimisation metrics); NaN if unknown. */
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
            default -> throw dev.backtest.sdk.BacktestException.of(dev.backtest.sdk.ErrorCode.INVALID_RUN_OPTIONS,
                    "unknown metric '" + name + "'; accepted: the JSON names of the stats, e.g. sharpe_ratio, return_pct");
        };
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

    static Stats compute(long[] time, double[] close, double[] equity, double[] dd, List<ClosedTrade> trades, int w,
                         double riskFree) {
        int n = equity.length;
        long start = time[0];
        long end = time[n - 1];
        double durationDays = (end - start) / DAY;
        double e0 = equity[0];
        double eN = equity[n - 1];
        double peak = Double.NEGATIVE_INFINITY;
        for (double e : equity) {
            peak = Math.max(peak, e);
        }
        double returnPct = (eN - e0) / e0 * 100;
        double buyHold = (close[n - 1] - close[w]) / close[w] * 100;

        long spacing = medianSpacing(time);
        long unit = spacing % 86_400 == 0 ? 86_400 : spacing % 3600 == 0 ? 3600 : spacing % 60 == 0 ? 60 : 1;
        long spacingDays = spacing / 86_400;
        Period period = spacingDays == 7 ? Period.WEEK : spacingDays >= 28 && spacingDays <= 31 ? Period.MONTH
                : spacingDays == 365 || spacingDays == 366 ? Period.YEAR : Period.DAY;

        // exposure: bars covered by a closed trade
        int[] cover = new int[n + 1];
        for (ClosedTrade t : trades) {
            cover[t.entryBar()]++;
            cover[t.exitBar() + 1]--;
        }
        int exposed = 0;
        int running = 0;
        for (int i = 0; i < n; i++) {
            running += cover[i];
            if (running > 0) {
                exposed++;
            }
        }
        double exposure = exposed * 100.0 / n;

        // periodic returns: last equity of each calendar period
        double[] values = new double[n];
        int m = 0;
        long prevKey = Long.MIN_VALUE;
        int weekend = 0;
        for (int i = 0; i < n; i++) {
            long key = periodKey(time[i], period);
            if (m > 0 && key == prevKey) {
                values[m - 1] = equity[i];
            } else {
                values[m++] = equity[i];
                prevKey = key;
            }
            long dow = Math.floorMod(Math.floorDiv(time[i], 86_400) + 3, 7); // 0 = Monday
            if (dow >= 5) {
                weekend++;
            }
        }
        int periodsPerYear = switch (period) {
            case WEEK -> 52;
            case MONTH -> 12;
            case YEAR -> 1;
            case DAY -> (double) weekend / n > 0.6 * 2 / 7 ? 365 : 252;
        };
        int k = m - 1;
        double[] r = new double[Math.max(k, 0)];
        for (int j = 1; j < m; j++) {
            double x = values[j] / values[j - 1] - 1;
            r[j - 1] = Double.isNaN(x) ? 0 : x;
        }
        double g = geometricMean(r);
        double var = variance(r);
        double nPer = periodsPerYear;
        double annReturn = Math.pow(1 + g, nPer) - 1;
        double returnAnnPct = annReturn * 100;
        double volAnnPct = Math.sqrt(Math.pow(var + (1 + g) * (1 + g), nPer) - Math.pow(1 + g, 2 * nPer)) * 100;
        double years = durationDays / 365.25;
        double cagrPct = (Math.pow(eN / e0, 1 / years) - 1) * 100;
        double sharpe = nanIfInfinite((returnAnnPct - riskFree * 100) / volAnnPct);
        double downside = 0;
        for (double x : r) {
            double d = Math.min(x, 0);
            downside += d * d;
        }
        downside = r.length == 0 ? Double.NaN : Math.sqrt(downside / r.length);
        double sortino = nanIfInfinite((annReturn - riskFree) / (downside * Math.sqrt(nPer)));

        double maxDd = 0;
        for (double d : dd) {
            maxDd = Math.max(maxDd, d);
        }
        double calmar = nanIfInfinite(annReturn / maxDd);

        // drawdown periods: runs of dd > 0, closed by the next dd == 0 bar or by the last bar
        int periods = 0;
        double sumPeaks = 0;
        long maxDur = Long.MIN_VALUE;
        double sumDur = 0;
        int runStart = -1;
        double runPeak = 0;
        for (int i = 0; i < n; i++) {
            if (dd[i] > 0) {
                if (runStart < 0) {
                    runStart = i;
                    runPeak = 0;
                }
                runPeak = Math.max(runPeak, dd[i]);
            }
            boolean closes = runStart >= 0 && (dd[i] == 0 || i == n - 1);
            if (closes) {
                long dur = time[i] - time[Math.max(runStart - 1, 0)];
                periods++;
                sumPeaks += runPeak;
                sumDur += dur;
                maxDur = Math.max(maxDur, dur);
                runStart = -1;
            }
        }
        double avgDdPct = periods == 0 ? Double.NaN : -sumPeaks / periods * 100;
        double maxDdDur = periods == 0 ? Double.NaN : ceilDays(maxDur, unit);
        double avgDdDur = periods == 0 ? Double.NaN : ceilDays(sumDur / periods, unit);

        // beta from log returns of equity and of the close
        double beta = Double.NaN;
        if (n >= 3) {
            // one pass, each log computed once; sums shifted by the first pair for numerical stability
            double lePrev = Math.log(equity[0]);
            double lcPrev = Math.log(close[0]);
            double a0 = Double.NaN;
            double b0 = Double.NaN;
            double sa = 0;
            double sb = 0;
            double sab = 0;
            double sbb = 0;
            for (int i = 1; i < n; i++) {
                double le = Math.log(equity[i]);
                double lc = Math.log(close[i]);
                double a = le - lePrev;
                double b = lc - lcPrev;
                lePrev = le;
                lcPrev = lc;
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
            int m2 = n - 1;
            double cov = (sab - sa * sb / m2) / (m2 - 1);
            double vc = (sbb - sb * sb / m2) / (m2 - 1);
            beta = nanIfInfinite(cov / vc);
        }
        double alpha = returnPct - beta * buyHold;

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

    /** Sample variance (ddof = 1); NaN with fewer than 2 values. */
    static double variance(double[] r) {
        if (r.length < 2) {
            return Double.NaN;
        }
        double mean = 0;
        for (double x : r) {
            mean += x;
        }
        mean /= r.length;
        double v = 0;
        for (double x : r) {
            v += (x - mean) * (x - mean);
        }
        return v / (r.length - 1);
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
