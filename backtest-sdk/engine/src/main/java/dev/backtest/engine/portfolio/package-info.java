/**
 * Portfolio backtests: several assets held at once and moved toward target weights on a schedule, with the semantics
 * that {@code docs/portfolio.md} defines; pure computation over primitive arrays, no I/O.
 *
 * <pre>{@code
 * Portfolio p = Portfolio.builder()
 *         .asset(Asset.of("SPY", spy)).asset(Asset.of("AGG", agg)).asset(Asset.of("SAP", sap).inCurrency("EUR"))
 *         .fx("EUR", eurUsd)
 *         .options(PortfolioOptions.builder().weighting(Weighting.inverseVolatility(60)).schedule(Schedule.monthly())
 *                 .maxWeight(0.5).threshold(0.05).benchmark("SPY").build())
 *         .build();
 * PortfolioResult r = p.run();                                   // or p.run(myStrategy)
 * PortfolioSweepResult best = p.sweep(Sweep.of(grid).metric("sharpe_ratio"));
 * SimulationResult s = p.simulate(Investment.of(LocalDate.of(2015, 1, 1), 10_000).monthly(500));
 * }</pre>
 *
 * <h2>How it runs</h2>
 * A {@link dev.backtest.engine.portfolio.Portfolio} checks its inputs once and builds the timeline (the sorted union of
 * all bar times) with, for each time, the assets that have a bar there (one int per asset-bar). Runs share that data
 * and read the bars in place; an asset in another currency gets converted copies of its opens and closes. The
 * built-in {@link dev.backtest.engine.portfolio.Weighting}s are {@link dev.backtest.engine.portfolio.PortfolioStrategy}s
 * like one's own, and go through the same decisions, cap, orders and fills. Equity statistics come from
 * {@link dev.backtest.engine.EquityStats}, the code {@link dev.backtest.engine.Stats} uses; sweeps from
 * {@link dev.backtest.engine.Sweep}'s evaluation core.
 *
 * <h2>Where the reference semantics leave a choice, this engine chooses</h2>
 * <ul>
 *   <li><b>Inputs.</b> Bars are checked by {@link dev.backtest.engine.Engine#checkBars} (so an asset needs 2 bars),
 *       the error prefixed with the asset ({@code INVALID_BARS}). Symbols are 1 to 40 characters and unique; a
 *       currency is 1 to 12 letters or digits; an asset without one is in the base currency (default {@code USD}).
 *       Market caps need strictly increasing times and finite positive values. Defaults: cash 10 000, equal weights,
 *       monthly. Option and asset field errors are reported together as {@code VALIDATION_FAILED}
 *       ({@code cash}, {@code weighting.weights.SPY}, {@code assets.SAP.market_caps}, ...).</li>
 *   <li><b>Currencies.</b> A bar's open and close are both converted with the FX close at or before the bar's time;
 *       market caps are in the asset's currency, converted at their own times. An FX series must have a close at or
 *       before the asset's first bar and first market cap, else the run is refused ({@code INVALID_RUN_OPTIONS},
 *       naming the asset), as it is without any FX series for the currency. The base currency cannot change once a
 *       portfolio is built ({@link dev.backtest.engine.portfolio.Portfolio#with}): its FX series are prices in it.
 *       Weightings and strategies see prices in the base currency (inverse volatility uses converted closes).</li>
 *   <li><b>Fixed weights</b> may sum to 1 + 1e-9 (binary rounding of weights like 0.6 + 0.3 + 0.1); a weight of 0 that
 *       is given counts as given (the asset is listed for the first decision, and sold to 0 if held).</li>
 *   <li><b>Inverse volatility.</b> Returns are {@code close[j]/close[j−1] − 1} over the asset's own bars; {@code σ} is
 *       computed with the mean first, then {@code Σ(r − mean)²/(lookback − 1)}. An asset whose {@code σ} is 0 (flat
 *       prices) or not finite gets no weight, like one with too few closes. {@code lookback >= 2}.</li>
 *   <li><b>Strategies of one's own</b> are asked at every timeline time until they answer with targets (that is the
 *       first decision, and the {@code every_n} count starts there); after that an answer of null or an empty map is
 *       no decision (not counted as a rebalance). A weight for an asset not listed stays in cash, as for fixed
 *       weights. Unknown symbols, weights outside [0, 1] or summing above 1 + 1e-9 fail the run
 *       ({@code INVALID_ORDER}).</li>
 *   <li><b>Decisions.</b> At most one per close, whose trigger is the first that applies of: first decision,
 *       schedule, the close before a monthly contribution, drift threshold. The drift is checked only after the first
 *       decision, with no order pending, and at closes where no scheduled or contribution decision was asked for;
 *       it must exceed the threshold strictly. The cap applies after assets not listed are left out; an uncapped
 *       asset of weight 0 receives no excess; what no uncapped asset can take stays in cash.</li>
 *   <li><b>Orders and fills.</b> An asset with no target and no units gets no order. Within a fill time sells are
 *       booked in asset order, then buys in asset order (this affects rounding only). An unscaled order ends at its
 *       target units exactly; a scaled buy adds its scaled delta. Cash that rounding leaves a few ulps below 0 after
 *       buys spending all of it is set to 0. A fill's commission is {@code units · price · c}.</li>
 *   <li><b>Results.</b> Weights over time are each asset's {@code units · last close / E} after the time's fills, at
 *       every timeline time. An asset's contribution is what its sales brought in minus what its purchases cost
 *       (commissions on both) plus its holding at its last close; {@code contribution_pct} divides it by
 *       {@code E[0]}.</li>
 *   <li><b>Statistics.</b> The risk-free rate is 0. The periodic returns are those {@link dev.backtest.engine.EquityStats}
 *       infers (daily for daily timelines) and also feed VaR and CVaR (NaN without any return). Turnover is NaN for a
 *       timeline without duration. {@code beta} uses {@code ln(1 + r)} computed as {@code log1p(r)}; covariances are
 *       two-pass sample ones. The benchmark statistics are NaN without a fill, or when the benchmark has no price at
 *       the first fill; the annualised figures use the per-timeline-time returns of the window with the timeline's
 *       periods per year, as docs/portfolio.md writes them.</li>
 *   <li><b>Simulation.</b> The run starts at the first timeline time on or after 00:00 UTC of the start date; earlier
 *       bars are history (assets with them are listed, strategies may read them) but nothing trades before. A
 *       contribution arrives at the first timeline time of each later UTC calendar month, before that time's fills;
 *       the decision that invests it is taken at the previous close (trigger {@code CONTRIBUTION} unless the schedule
 *       decides there anyway); before the first decision it waits in cash. With contributions, every equity
 *       statistic, the index values, the drawdown and the benchmark returns use the time-weighted index
 *       {@code I[0] = E[0]}, {@code I[i] = I[i−1]·(E[i] − F_i)/E[i−1]}, except {@code equity_final} and
 *       {@code equity_peak} (money) and turnover (mean of the money equity). {@code total_contributions} excludes the
 *       starting amount ({@code totalInvested()} includes it). The time-weighted return is also given per 365-day
 *       year, comparable with the money-weighted one. XIRR is solved for {@code ln(1+x)} by bracketing and bisection
 *       to the last bit; it is NaN when the flows span no time, −100 when nothing is left.</li>
 *   <li><b>Schedules</b> use UTC calendar periods; ISO weeks run Monday to Sunday; quarters are January–March, ....
 *       {@link dev.backtest.engine.portfolio.Schedule#parse} reads what {@code toString()} writes
 *       ({@code every_n(5)}).</li>
 *   <li><b>Sweeps</b> set {@code lookback} (inverse volatility only), {@code max_weight} and {@code threshold} (null:
 *       none) and {@code schedule} (a Schedule or its text) on the options; other names are refused before any run
 *       ({@code VALIDATION_FAILED}) unless a strategy factory is given, which receives them. A value of the wrong
 *       type or out of range is skipped like a parameter a strategy refuses ({@code INVALID_STRATEGY_PARAMETER}).
 *       The metric must be a {@link dev.backtest.engine.portfolio.PortfolioStats} name ({@code INVALID_RUN_OPTIONS}
 *       otherwise); {@code Sweep.statistics(PortfolioStats::requireMetric)} lets {@code metric(...)} accept the
 *       portfolio-only ones.</li>
 * </ul>
 *
 * <h2>Memory and speed</h2>
 * Shared by all runs of a portfolio: one int per asset-bar (which assets have a bar at each time), and converted
 * opens and closes for assets in another currency. Per run: the equity curve (8 bytes per time; 8 more for the
 * benchmark and for contributions), a few arrays per asset, and the logs: 40 bytes per fill (in chunks of 4096
 * rows) and one array of weights per decision. Nothing is allocated per time. A sweep keeps statistics only. On 500
 * assets × 5 000 bars rebalanced monthly, a full run allocates about 2.4 bytes per asset-bar and takes 1.3–1.7× a
 * hand-written loop doing the same arithmetic (BENCHMARKS.md).
 */
package dev.backtest.engine.portfolio;
