package dev.backtest.engine.portfolio;

/**
 * A trade of a portfolio run: time, asset, side, units (positive), price (the open, base currency) and commission
 * ({@code units · price · c}).
 *
 * <pre>{@code
 * double sold = result.fills().stream().filter(f -> f.side() == Fill.Side.SELL).mapToDouble(f -> f.units() * f.price()).sum();
 * }</pre>
 */
public record Fill(long time, String symbol, Side side, double units, double price, double commission) {

    /** Buy or sell. */
    public enum Side { BUY, SELL }
}
