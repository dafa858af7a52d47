package dev.backtest.engine;

import java.util.List;

/**
 * The outcome of one run: statistics, closed trades, equity and drawdown curves aligned to the bars, the run
 * log (warnings such as cancelled orders), the options used (to replay the run) and the warm-up {@code w}.
 * Pure data: the SDK writes it as JSON ({@code Reports.json}) and as an HTML report ({@code Reports.html}).
 *
 * <pre>{@code
 * BacktestResult r = Engine.run(series, Strategies.smaCross(10, 30), RunOptions.defaults());
 * double sharpe = r.stats().sharpeRatio();
 * double[] equity = r.equity();
 * }</pre>
 */
public record BacktestResult(Stats stats, List<ClosedTrade> trades, double[] equity, double[] drawdown, List<String> runLog,
                             RunOptions options, int warmup) {
}
