package dev.backtest.engine.portfolio;

import java.util.Map;

/**
 * A portfolio strategy of one's own: indicators declared once per asset in {@link #init(PortfolioInit)}, then target
 * weights by symbol at each decision in {@link #weights(PortfolioContext)}. The weights go through the same cap,
 * orders and fills as the built-in {@link Weighting}s (which are strategies of this kind too).
 *
 * <p>{@code weights} is asked at every timeline time until it first answers with targets (that answer is the first
 * decision, the initial allocation), then at the schedule's times, when the drift threshold is exceeded, and at the
 * close before a monthly contribution. It sees data up to and including the decision's close: every
 * {@link dev.backtest.engine.Series} it reads ({@link PortfolioContext#close(String)}, its indicators) refuses later
 * bars with {@code LOOKAHEAD}. An answer of null or an empty map holds (no decision); weights are in [0, 1] and sum
 * to at most 1 (the rest is cash); a weight for an asset not listed yet stays in cash. All state lives in the
 * instance: use a fresh one per run (a sweep asks a factory for one per combination).
 *
 * <pre>{@code
 * PortfolioStrategy momentum = new PortfolioStrategy() {
 *     final Map<String, Series> roc = new HashMap<>();
 *     public void init(PortfolioInit in) {
 *         for (String s : in.symbols()) roc.put(s, in.indicator(s, "roc90", Indicators.roc(in.close(s), 90)));
 *     }
 *     public Map<String, Double> weights(PortfolioContext ctx) {
 *         Map<String, Double> w = new HashMap<>();
 *         for (String s : ctx.listed()) if (roc.get(s).length() > 90 && roc.get(s).last() > 0) w.put(s, 1.0);
 *         w.replaceAll((s, x) -> 1.0 / w.size());
 *         return w.isEmpty() ? Map.of(ctx.symbols().get(0), 0.0) : w;   // all cash when nothing rises
 *     }
 * };
 * PortfolioResult r = portfolio.run(momentum);
 * }</pre>
 */
public interface PortfolioStrategy {

    /** Declares indicators; called once before the first timeline time. */
    default void init(PortfolioInit init) {
    }

    /** Target weights by symbol at the decision's close; null or empty: hold. */
    Map<String, Double> weights(PortfolioContext ctx);
}
