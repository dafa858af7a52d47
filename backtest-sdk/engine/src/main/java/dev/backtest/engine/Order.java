package dev.backtest.engine;

/**
 * What to buy or sell; the direction is given by {@link StrategyContext#buy(Order)} or
 * {@link StrategyContext#sell(Order)}. Unset prices are NaN.
 *
 * <ul>
 *   <li>{@code size}: NaN = all available margin; in (0, 1) = that fraction of available margin;
 *       &ge; 1 = a unit count (whole units unless fractional units are on). {@link #units(double)}
 *       forces a unit count, for fractional units below 1.</li>
 *   <li>{@code limit} only: a limit order; {@code stop} only: a stop order (becomes market when touched);
 *       both: a stop-limit order (becomes a limit order when the stop is touched); neither: a market order
 *       filled at the next bar's open.</li>
 *   <li>{@code sl}, {@code tp}: stop-loss and take-profit prices of the trade this order opens.</li>
 * </ul>
 *
 * <pre>{@code
 * ctx.buy(Order.fraction(0.5).limit(99.5).sl(95).tp(110));
 * ctx.sell(Order.units(10));
 * }</pre>
 */
public record Order(double size, boolean unitCount, double limit, double stop, double sl, double tp) {

    private static final Order ALL_IN = new Order(Double.NaN, false, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    /** All available margin, market. */
    public static Order allIn() {
        return ALL_IN;
    }

    /** Size by the rule of docs/engine.md: (0, 1) = fraction of available margin, &ge; 1 = units. */
    public static Order size(double size) {
        return new Order(size, false, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    /** A fraction in (0, 1) of available margin. */
    public static Order fraction(double fraction) {
        return size(fraction);
    }

    /** An explicit unit count (may be below 1 with fractional units). */
    public static Order units(double units) {
        return new Order(units, true, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    public Order limit(double price) {
        return new Order(size, unitCount, price, stop, sl, tp);
    }

    public Order stop(double price) {
        return new Order(size, unitCount, limit, price, sl, tp);
    }

    public Order sl(double price) {
        return new Order(size, unitCount, limit, stop, price, tp);
    }

    public Order tp(double price) {
        return new Order(size, unitCount, limit, stop, sl, price);
    }
}
