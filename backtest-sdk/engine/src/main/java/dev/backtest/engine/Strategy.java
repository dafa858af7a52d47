package dev.backtest.engine;

/**
 * A trading strategy: indicators declared once in {@link #init(StrategyInit)} (computed over the whole
 * series as arrays), then one decision per bar in {@link #next(StrategyContext)}. All state lives in the
 * instance and the context passed in: there is no global state. Use a fresh instance per run (the engine's
 * optimiser asks a factory for one per parameter set).
 *
 * <pre>{@code
 * Strategy s = new Strategy() {
 *     Series fast, slow;
 *     public void init(StrategyInit in) {
 *         fast = in.indicator("sma10", Indicators.sma(in.close(), 10));
 *         slow = in.indicator("sma30", Indicators.sma(in.close(), 30));
 *     }
 *     public void next(StrategyContext ctx) {
 *         if (fast.crossedAbove(slow)) { ctx.position().close(); ctx.buy(); }
 *         else if (fast.crossedBelow(slow)) { ctx.position().close(); ctx.sell(); }
 *     }
 * };
 * BacktestResult r = Engine.run(series, s, RunOptions.defaults());
 * }</pre>
 */
public interface Strategy {

    /** Declares indicators; called once before the loop. The warm-up is derived from the declared indicators. */
    void init(StrategyInit init);

    /** Decides on the current bar ({@link StrategyContext#bar()}), seeing data up to and including its close. */
    void next(StrategyContext ctx);
}
