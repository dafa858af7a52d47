package dev.backtest.engine;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of one run: statistics, closed trades, equity and drawdown curves aligned to the bars, the run
 * log (warnings such as cancelled orders), the options used (to replay the run) and the warm-up {@code w}.
 * Pure data: the SDK writes it as JSON ({@code Reports.json}) and as an HTML report ({@code Reports.html}).
 *
 * <p>The drawdown curve is computed from the equity when {@link #drawdown()} is first called, not by the run: most
 * runs of a sweep or a walk-forward are ranked by a statistic and never read it. Immutable and safe to share between
 * threads, like the record it was.
 *
 * <pre>{@code
 * BacktestResult r = Engine.run(series, Strategies.smaCross(10, 30), RunOptions.defaults());
 * double sharpe = r.stats().sharpeRatio();
 * double[] equity = r.equity();
 * double worst = Arrays.stream(r.drawdown()).max().orElse(0);
 * }</pre>
 */
public final class BacktestResult {

    private final Stats stats;
    private final List<ClosedTrade> trades;
    private final double[] equity;
    private volatile double[] drawdown;
    private final List<String> runLog;
    private final RunOptions options;
    private final int warmup;

    /**
     * @param drawdown the drawdown curve, same length as {@code equity}; null to have {@link #drawdown()} compute it
     *        from the equity when first asked
     */
    public BacktestResult(Stats stats, List<ClosedTrade> trades, double[] equity, double[] drawdown, List<String> runLog,
                          RunOptions options, int warmup) {
        this.stats = stats;
        this.trades = trades;
        this.equity = equity;
        this.drawdown = drawdown;
        this.runLog = runLog;
        this.options = options;
        this.warmup = warmup;
    }

    public Stats stats() {
        return stats;
    }

    public List<ClosedTrade> trades() {
        return trades;
    }

    /** The equity at the close of each bar. */
    public double[] equity() {
        return equity;
    }

    /**
     * The drawdown at each bar, {@code dd[i] = 1 − E[i] / max(E[0..i])} (0 while the peak is not positive; a NaN equity
     * leaves the peak as it was); the same array on every call.
     */
    public double[] drawdown() {
        double[] d = drawdown;
        if (d == null) {
            synchronized (this) {
                d = drawdown;
                if (d == null) {
                    d = EquityStats.drawdown(equity);
                    drawdown = d;
                }
            }
        }
        return d;
    }

    public List<String> runLog() {
        return runLog;
    }

    public RunOptions options() {
        return options;
    }

    public int warmup() {
        return warmup;
    }

    @Override
    public String toString() {
        return "BacktestResult[stats=" + stats + ", trades=" + trades.size() + ", bars=" + equity.length + ", runLog="
                + runLog + ", options=" + options + ", warmup=" + warmup + "]";
    }

    /** Equal as the record was: the same statistics, trades, log, options and warm-up, and the same equity array. */
    @Override
    public boolean equals(Object o) {
        return o instanceof BacktestResult r && stats.equals(r.stats) && trades.equals(r.trades) && equity == r.equity
                && runLog.equals(r.runLog) && Objects.equals(options, r.options) && warmup == r.warmup;
    }

    @Override
    public int hashCode() {
        return Objects.hash(stats, trades, System.identityHashCode(equity), runLog, options, warmup);
    }
}
