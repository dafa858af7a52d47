/**
 * Chart patterns on swing points: a percentage {@link dev.backtest.engine.patterns.ZigZag} gives swing highs and lows
 * (each known only from its confirmation bar), and {@link dev.backtest.engine.patterns.PatternDetector} finds double
 * tops and bottoms, head and shoulders and its inverse, ascending, descending and symmetric triangles, and bull and
 * bear flags among them, then watches each for the close that breaks out. The exact rules, and how often they fire on
 * random walks, are in docs/patterns.md. Pure computation over primitive arrays; no look-ahead: a detection over bars
 * {@code 0..i} is what a detection over all bars shows of bars up to {@code i}.
 *
 * <pre>{@code
 * List<Pattern> found = Patterns.detect(high, low, close, PatternOptions.defaults());
 * PatternFeed feed = Patterns.feed(init, PatternOptions.builder().zigzagPct(3).build());   // in Strategy.init
 * }</pre>
 */
package dev.backtest.engine.patterns;
