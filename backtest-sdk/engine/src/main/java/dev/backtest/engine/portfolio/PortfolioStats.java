package dev.backtest.engine.portfolio;

import dev.backtest.engine.EquityStats;
import dev.backtest.engine.MetricSource;
import dev.backtest.engine.Stats;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;

import java.util.Arrays;
import java.util.List;

/**
 * The statistics of a portfolio run. Undefined values are {@code NaN} (never an error); percentages are ×100.
 *
 * <ul>
 *   <li>The statistics of the equity curve alone ({@code return_pct} to {@code avg_drawdown_duration_days},
 *       {@code equity_final}, {@code equity_peak}, {@code periods_per_year}) are computed by {@link EquityStats},
 *       the code {@link Stats} uses, with the periodic (daily) returns {@code r} of the equity over the whole
 *       timeline, periods per year by the timeline's times and a risk-free rate of 0. With monthly contributions
 *       they are those of the time-weighted index (flows excluded), except {@code equity_final} and
 *       {@code equity_peak}, which stay the value in money.</li>
 *   <li>{@code commissions} (sum over fills), {@code rebalances} (decisions taken), {@code turnover_pct}
 *       ({@code Σ |units · fill price| / 2 / mean(E) / years · 100}, years of 365.25 days between the first and
 *       last timeline times).</li>
 *   <li>{@code var_95_pct} {@code = −q·100} with {@code q} the 5th percentile of {@code r} (numpy's default linear
 *       interpolation), {@code cvar_95_pct = −mean(r ≤ q)·100}.</li>
 *   <li>With a benchmark, over the active window (from the first fill to the end), with per-timeline-time returns
 *       of the equity {@code r} and of the benchmark's last price {@code r_b}: {@code benchmark_return_pct},
 *       {@code benchmark_return_ann_pct} ({@code ((1+g_b)^N − 1)·100}), {@code beta}
 *       ({@code cov(ln(1+r), ln(1+r_b)) / var(ln(1+r_b))}), {@code alpha_pct}, {@code tracking_error_ann_pct}
 *       ({@code std(r − r_b, ddof 1)·√N·100}), {@code information_ratio}, {@code correlation} (Pearson of
 *       {@code r} and {@code r_b}). Without a benchmark they are NaN.</li>
 * </ul>
 *
 * <pre>{@code
 * PortfolioStats s = portfolio.run().stats();
 * System.out.printf("CAGR %.2f %%, turnover %.0f %% a year, beta %.2f%n", s.cagrPct(), s.turnoverPct(), s.beta());
 * double v = s.metric("var_95_pct");
 * }</pre>
 */
public record PortfolioStats(
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
        double commissions,
        int rebalances,
        double turnoverPct,
        double var95Pct,
        double cvar95Pct,
        double benchmarkReturnPct,
        double benchmarkReturnAnnPct,
        double beta,
        double alphaPct,
        double trackingErrorAnnPct,
        double informationRatio,
        double correlation,
        int periodsPerYear) implements MetricSource {

    /**
     * The statistics' names in display order (snake_case, as written in JSON); {@link #metric(String)} accepts all
     * but {@code start}, {@code end} and {@code periods_per_year}.
     */
    public static final List<String> NAMES = List.of(
            "start", "end", "duration_days", "equity_final", "equity_peak", "return_pct", "return_ann_pct",
            "volatility_ann_pct", "cagr_pct", "sharpe_ratio", "sortino_ratio", "calmar_ratio", "max_drawdown_pct",
            "avg_drawdown_pct", "max_drawdown_duration_days", "avg_drawdown_duration_days", "commissions", "rebalances",
            "turnover_pct", "var_95_pct", "cvar_95_pct", "benchmark_return_pct", "benchmark_return_ann_pct", "beta",
            "alpha_pct", "tracking_error_ann_pct", "information_ratio", "correlation", "periods_per_year");

    /** The names {@link #metric(String)} accepts. */
    private static final List<String> METRIC_NAMES = NAMES.subList(2, NAMES.size() - 1);
    private static final double DAY = 86_400.0;

    /**
     * The value of a statistic by its name in {@link #NAMES}; NaN where it is undefined.
     *
     * @throws BacktestException {@link ErrorCode#INVALID_RUN_OPTIONS} for any other name, listing the accepted ones
     */
    @Override
    public double metric(String name) {
        if (name == null) {
            throw unknown(null);
        }
        return switch (name) {
            case "duration_days" -> durationDays;
            case "equity_final" -> equityFinal;
            case "equity_peak" -> equityPeak;
            case "return_pct" -> returnPct;
            case "return_ann_pct" -> returnAnnPct;
            case "volatility_ann_pct" -> volatilityAnnPct;
            case "cagr_pct" -> cagrPct;
            case "sharpe_ratio" -> sharpeRatio;
            case "sortino_ratio" -> sortinoRatio;
            case "calmar_ratio" -> calmarRatio;
            case "max_drawdown_pct" -> maxDrawdownPct;
            case "avg_drawdown_pct" -> avgDrawdownPct;
            case "max_drawdown_duration_days" -> maxDrawdownDurationDays;
            case "avg_drawdown_duration_days" -> avgDrawdownDurationDays;
            case "commissions" -> commissions;
            case "rebalances" -> rebalances;
            case "turnover_pct" -> turnoverPct;
            case "var_95_pct" -> var95Pct;
            case "cvar_95_pct" -> cvar95Pct;
            case "benchmark_return_pct" -> benchmarkReturnPct;
            case "benchmark_return_ann_pct" -> benchmarkReturnAnnPct;
            case "beta" -> beta;
            case "alpha_pct" -> alphaPct;
            case "tracking_error_ann_pct" -> trackingErrorAnnPct;
            case "information_ratio" -> informationRatio;
            case "correlation" -> correlation;
            default -> throw unknown(name);
        };
    }

    private static BacktestException unknown(String name) {
        return BacktestException.of(ErrorCode.INVALID_RUN_OPTIONS, "unknown portfolio metric '"
                + (name == null ? "null" : name.length() > 60 ? name.substring(0, 60) + "..." : name) + "'; accepted: "
                + String.join(", ", METRIC_NAMES)).with("metric", String.valueOf(name));
    }

    /**
     * Checks, before any run, that {@link #metric(String)} accepts {@code name} (for a sweep:
     * {@code Sweep.of(grid).statistics(PortfolioStats::requireMetric)}).
     *
     * @return {@code name}
     * @throws BacktestException {@link ErrorCode#INVALID_RUN_OPTIONS} for an unknown name
     */
    public static String requireMetric(String name) {
        if (name == null || !METRIC_NAMES.contains(name)) {
            throw unknown(name);
        }
        return name;
    }

    /**
     * What a run hands to the statistics: the timeline times of the run, its equity, the contribution added at each
     * time (null: none), the sums over fills, the number of decisions, the run index of the first fill (-1: none)
     * and the benchmark's last price at each time (null: no benchmark; NaN before it is listed).
     */
    record Inputs(long[] time, double[] equity, double[] flows, double commissions, double traded, int rebalances,
                  int firstFill, double[] benchmark) {
    }

    /**
     * The statistics of a run, and the curve the equity statistics were computed on: the equity, or with
     * contributions the time-weighted index ({@code I[0] = E[0]}, {@code I[i] = I[i−1]·(E[i] − F_i)/E[i−1]}).
     */
    record Computed(PortfolioStats stats, double[] curve) {
    }

    static Computed compute(Inputs in) {
        long[] time = in.time();
        double[] equity = in.equity();
        int n = equity.length;
        double[] curve = in.flows() == null ? equity : timeWeighted(equity, in.flows());
        EquityStats eq = EquityStats.of(time, curve, 0);
        double equityFinal = eq.equityFinal();
        double equityPeak = eq.equityPeak();
        if (curve != equity) {
            equityFinal = equity[n - 1];
            equityPeak = Double.NEGATIVE_INFINITY;
            for (double e : equity) {
                equityPeak = Math.max(equityPeak, e);
            }
        }
        double meanEquity = 0;
        for (double e : equity) {
            meanEquity += e;
        }
        meanEquity /= n;
        double years = (time[n - 1] - time[0]) / DAY / 365.25;
        double turnover = nan(in.traded() / 2 / meanEquity / years * 100);

        double[] r = EquityStats.periodReturns(time, curve);
        double var = Double.NaN;
        double cvar = Double.NaN;
        if (r.length > 0) {
            double[] sorted = r.clone();
            Arrays.sort(sorted);
            double q = percentile(sorted, 5);
            double sum = 0;
            int count = 0;
            for (double x : r) {
                if (x <= q) {
                    sum += x;
                    count++;
                }
            }
            var = -q * 100;
            cvar = count == 0 ? Double.NaN : -(sum / count) * 100;
        }

        Benchmark b = in.benchmark() == null ? Benchmark.UNDEFINED
                : benchmark(curve, in.benchmark(), in.firstFill(), eq.periodsPerYear());
        PortfolioStats stats = new PortfolioStats(eq.start(), eq.end(), eq.durationDays(), equityFinal, equityPeak, eq.returnPct(),
                eq.returnAnnPct(), eq.volatilityAnnPct(), eq.cagrPct(), eq.sharpeRatio(), eq.sortinoRatio(), eq.calmarRatio(),
                eq.maxDrawdownPct(), eq.avgDrawdownPct(), eq.maxDrawdownDurationDays(), eq.avgDrawdownDurationDays(),
                in.commissions(), in.rebalances(), turnover, var, cvar, b.returnPct, b.returnAnnPct, b.beta, b.alphaPct,
                b.trackingErrorAnnPct, b.informationRatio, b.correlation, eq.periodsPerYear());
        return new Computed(stats, curve);
    }

    /** {@code I[0] = E[0]}, {@code I[i] = I[i−1]·(E[i] − F_i)/E[i−1]}: the value of the start's money, flows excluded. */
    static double[] timeWeighted(double[] equity, double[] flows) {
        double[] index = new double[equity.length];
        index[0] = equity[0];
        for (int i = 1; i < equity.length; i++) {
            index[i] = index[i - 1] * ((equity[i] - flows[i]) / equity[i - 1]);
        }
        return index;
    }

    /**
     * numpy's {@code percentile(x, p)} with its default linear method, on sorted {@code x}: the virtual index
     * {@code (n−1)·p/100}, interpolated between its neighbours as numpy's {@code _lerp} does (from the upper one
     * when the fraction is at least 0.5), so that results agree to the last bit.
     */
    static double percentile(double[] sorted, double p) {
        int n = sorted.length;
        double virtual = (n - 1) * (p / 100);
        double previous = Math.floor(virtual);
        int lo = (int) Math.max(0, Math.min(previous, n - 1));
        int hi = (int) Math.max(0, Math.min(previous + 1, n - 1));
        double t = virtual - previous;
        double a = sorted[lo];
        double b = sorted[hi];
        double diff = b - a;
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
    }

    private record Benchmark(double returnPct, double returnAnnPct, double beta, double alphaPct, double trackingErrorAnnPct,
                             double informationRatio, double correlation) {
        static final Benchmark UNDEFINED = new Benchmark(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN);
    }

    /** The benchmark statistics over the active window: times {@code a..n−1}, {@code a} the first fill. */
    private static Benchmark benchmark(double[] e, double[] b, int a, int periodsPerYear) {
        int n = e.length;
        if (a < 0 || Double.isNaN(b[a])) {
            return Benchmark.UNDEFINED;
        }
        int m = n - 1 - a;
        double[] r = new double[m];
        double[] rb = new double[m];
        for (int j = 0; j < m; j++) {
            int i = a + 1 + j;
            r[j] = e[i] / e[i - 1] - 1;
            rb[j] = b[i] / b[i - 1] - 1;
        }
        double benchReturn = (b[n - 1] / b[a] - 1) * 100;
        double nPer = periodsPerYear;
        double benchAnn = (Math.pow(1 + EquityStats.geometricMean(rb), nPer) - 1) * 100;
        double ann = (Math.pow(1 + EquityStats.geometricMean(r), nPer) - 1) * 100;
        double[] la = new double[m];
        double[] lb = new double[m];
        double[] diff = new double[m];
        for (int j = 0; j < m; j++) {
            la[j] = Math.log1p(r[j]);
            lb[j] = Math.log1p(rb[j]);
            diff[j] = r[j] - rb[j];
        }
        double beta = nan(covariance(la, lb) / covariance(lb, lb));
        double alpha = nan((e[n - 1] / e[a] - 1) * 100 - beta * benchReturn);
        double te = nan(Math.sqrt(covariance(diff, diff)) * Math.sqrt(nPer) * 100);
        double ir = nan((ann - benchAnn) / te);
        double corr = nan(covariance(r, rb) / Math.sqrt(covariance(r, r) * covariance(rb, rb)));
        return new Benchmark(benchReturn, benchAnn, beta, alpha, te, ir, corr);
    }

    /** Sample covariance (ddof 1), two passes; NaN for fewer than 2 values. */
    static double covariance(double[] x, double[] y) {
        int m = x.length;
        if (m < 2) {
            return Double.NaN;
        }
        double mx = 0;
        double my = 0;
        for (int j = 0; j < m; j++) {
            mx += x[j];
            my += y[j];
        }
        mx /= m;
        my /= m;
        double s = 0;
        for (int j = 0; j < m; j++) {
            s += (x[j] - mx) * (y[j] - my);
        }
        return s / (m - 1);
    }

    private static double nan(double v) {
        return Double.isInfinite(v) ? Double.NaN : v;
    }
}
