package dev.backtest.engine.patterns;

/**
 * Which boundary of a pattern the close crossed: {@code UP} (above the upper one), {@code DOWN} (below the lower one), or
 * {@code NONE} (not confirmed, or, for a symmetric triangle's bias, either).
 *
 * <pre>{@code
 * if (p.direction() == BreakoutDirection.UP) ctx.buy(); else if (p.direction() == BreakoutDirection.DOWN) ctx.sell();
 * }</pre>
 */
public enum BreakoutDirection {
    UP, DOWN, NONE
}
