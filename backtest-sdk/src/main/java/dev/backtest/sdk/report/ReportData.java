package dev.backtest.sdk.report;

import dev.backtest.engine.BacktestResult;
import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.Stats;
import dev.backtest.engine.WalkForwardResult;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a backtest report shows: the bars, the equity and drawdown curves aligned to them, the
 * statistics (in display order) and the closed trades. Arrays are read, never modified.
 *
 * <pre>{@code
 * String html = Reports.html(new ReportData("SMA 10/30 on BTC", "BTC", "1h", time, open, high, low, close,
 *         equity, drawdownPct, stats, trades));
 * }</pre>
 *
 * @param drawdownPct drawdown on each bar in percent, 0 or negative ({@code -12.5} is 12.5 % below the peak)
 */
public record ReportData(String title, String symbol, String timeframe, long[] time, double[] open, double[] high,
                         double[] low, double[] close, double[] equity, double[] drawdownPct, Map<String, Object> stats,
                         List<Trade> trades) {

    /** One closed trade as the report shows it; times in epoch seconds, size negative for shorts. */
    public record Trade(long entryTime, long exitTime, double size, double entryPrice, double exitPrice, double pnl,
                        double returnPct) {
    }

    /**
     * The report of a run: {@code bars} is the series the run was made on.
     *
     * <pre>{@code
     * HtmlReport.write(ReportData.of("SMA 10/30", btc, result), Path.of("report.html"));
     * }</pre>
     */
    public static ReportData of(String title, CandleSeries bars, BacktestResult r) {
        if (bars.size() != r.equity().length) {
            throw BacktestException.of(ErrorCode.VALIDATION_FAILED, "the result has " + r.equity().length + " bars but the series "
                    + bars.size() + ": pass the series the run was made on");
        }
        double[] drawdown = r.drawdown();
        double[] ddPct = new double[drawdown.length];
        for (int i = 0; i < ddPct.length; i++) {
            ddPct[i] = -drawdown[i] * 100;
        }
        List<Trade> trades = r.trades().stream().map(t -> new Trade(t.entryTime(), t.exitTime(), t.size(), t.entryPrice(),
                t.exitPrice(), t.pnl(), t.returnPct())).toList();
        return new ReportData(title, bars.symbol(), bars.timeframe().code(), bars.time(), bars.open(), bars.high(), bars.low(),
                bars.close(), r.equity(), ddPct, StatFormat.typed(Stats.NAMES, r.stats(), r.stats().start(), r.stats().end(),
                Map.of("trades", r.stats().trades(), "periods_per_year", r.stats().periodsPerYear())), trades);
    }

    /**
     * The report of a walk-forward's stitched out-of-sample curve: the test windows' bars of {@code bars} (the series it
     * ran on), its equity and drawdown, the out-of-sample statistics; no trades (the result keeps only their count).
     *
     * <pre>{@code
     * String html = Reports.html(ReportData.ofWalkForward("SMA walk-forward", btc, wf));
     * }</pre>
     */
    public static ReportData ofWalkForward(String title, CandleSeries bars, WalkForwardResult r) {
        int n = r.time().length;
        double[] open = new double[n];
        double[] high = new double[n];
        double[] low = new double[n];
        double[] close = new double[n];
        int at = 0;
        int last = r.windows().isEmpty() ? -1 : r.windows().get(r.windows().size() - 1).testLast();
        if (last >= bars.size()) {
            throw BacktestException.of(ErrorCode.VALIDATION_FAILED, "the walk-forward tested bar " + last + " but the series has "
                    + bars.size() + ": pass the series it ran on");
        }
        for (WalkForwardResult.Window w : r.windows()) {
            for (int i = w.testFirst(); i <= w.testLast() && at < n; i++, at++) {
                open[at] = bars.open()[i];
                high[at] = bars.high()[i];
                low[at] = bars.low()[i];
                close[at] = bars.close()[i];
            }
        }
        if (at != n) {
            throw BacktestException.of(ErrorCode.VALIDATION_FAILED, "the walk-forward's windows do not match its curve: pass the series it ran on");
        }
        double[] dd = dev.backtest.engine.EquityStats.drawdown(r.equity());
        double[] ddPct = new double[n];
        for (int i = 0; i < n; i++) {
            ddPct[i] = -dd[i] * 100;
        }
        Stats s = r.outOfSample();
        return new ReportData(title, bars.symbol(), bars.timeframe().code(), r.time(), open, high, low, close, r.equity(), ddPct,
                StatFormat.typed(Stats.NAMES, s, s.start(), s.end(), Map.of("trades", s.trades(), "periods_per_year", s.periodsPerYear())),
                List.of());
    }

    public ReportData {
        int n = time.length;
        if (open.length != n || high.length != n || low.length != n || close.length != n || equity.length != n
                || drawdownPct.length != n) {
            throw new IllegalArgumentException("report arrays differ in length");
        }
        stats = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(stats));
        trades = List.copyOf(trades);
    }
}
