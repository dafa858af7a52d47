/**
 * The backtest engine: pure computation of docs/engine.md over primitive arrays, no I/O.
 *
 * <pre>{@code
 * BacktestResult r = Engine.run(series, Strategies.smaCross(10, 30), RunOptions.defaults());
 * System.out.println(r.stats().sharpeRatio() + " over " + r.trades().size() + " trades");
 * }</pre>
 *
 * <h2>Where the reference semantics leave a choice, this engine chooses (docs/engine.md)</h2>
 * <ul>
 *   <li><b>Available margin at fill time</b> is marked at the fill step's market price (the bar's open, or the
 *       previous close with trade-on-close), not at the bar's close, which is not yet known at the open.
 *       backtesting.py marks at the close; results differ only when adding to an open position.</li>
 *   <li><b>Sizing with commission</b>: the sizing formula of docs/engine.md (per unit {@code fill·(1±spread) + c·fill});
 *       the commission charged is {@code c·|size|·entry_price} (the spread-adjusted price).
 *       A fixed commission is subtracted from the budget before dividing, and charged on every fill leg of a
 *       trade (opening, and each close of all or part of it).</li>
 *   <li><b>Fractions and units</b>: a size in (0, 1) is a fraction of available margin, &ge; 1 a unit count
 *       (whole units unless fractional units are on, else rejected); {@code Order.units(x)} forces a unit count.</li>
 *   <li><b>Order of fills within a bar</b>: requested closes, then SL/TP of open trades (oldest first, SL before
 *       TP), then pending orders in placement order; SL/TP of a trade opened by a market order are checked on its
 *       entry bar. Closes requested with trade-on-close fill at the signal bar's close like other market orders.</li>
 *   <li><b>Limit / stop / stop-limit</b> follow backtesting.py: a long limit fills at {@code min(open, limit)}
 *       when {@code low <= limit}; a long stop at {@code max(open, stop)} when {@code high >= stop}; a stop-limit
 *       becomes a limit once its stop is touched, and is not filled in that bar if the limit lies on the far side
 *       of the stop. Slippage (bps) applies to market and stop fills, never to limit or take-profit fills.</li>
 *   <li><b>Partial close</b> of {@code portion}: {@code max(1, rint(|size|·portion))} units (halves to even), at most {@code |size|}; the entry commission
 *       is split in proportion.</li>
 *   <li><b>Stop-out</b>: the closing commission is charged, then cash is set to 0 and the equity is 0 from that bar on.</li>
 *   <li><b>finalize_trades</b>: the last bar's step is re-run only if orders are pending (SL/TP were already
 *       checked on it), then all trades close at the last open; the last equity value is recomputed.</li>
 *   <li><b>Warm-up</b>: an indicator that is NaN everywhere makes {@code w = n} (no decisions);
 *       {@code buy_hold_return_pct} then uses {@code close[n−1]}.</li>
 *   <li><b>Statistics</b>: see {@link dev.backtest.engine.Stats} (period inference, NaN returns, a final
 *       one-bar drawdown run counts as a period, exposure from closed trades only, risk-free rate only in
 *       Sharpe and Sortino). Trade {@code return_pct} is a fraction, as its formula in docs/engine.md; stats' {@code *_pct}
 *       are ×100. Trade durations are {@code duration_days} in JSON for consistency with the stats.</li>
 * </ul>
 *
 * <h2>Memory</h2>
 * The bars are read in place. A run allocates its equity and drawdown curves (16 bytes per bar) plus the
 * strategy's indicator arrays (8 bytes per bar each: 16 for sma_cross): 32 bytes per bar for sma_cross. The
 * statistics are computed in two passes over the curves (the equity statistics, shared with portfolios, then beta)
 * with no per-bar scratch memory. No object is allocated
 * per bar; a trade costs about 200 bytes (its open and closed records), orders are reused.
 */
package dev.backtest.engine;
