package dev.backtest.engine;

import java.util.List;

/**
 * What a strategy sees and does on one bar: prices up to the current bar (as {@link Series} views that
 * refuse later bars), the position, equity and trades, and orders. Orders placed here are filled by the
 * broker on the next bar (at its open for market orders).
 *
 * <pre>{@code
 * public void next(StrategyContext ctx) {
 *     if (ctx.position().isFlat() && ctx.close().last() > ctx.close().ago(1)) ctx.buy(Order.fraction(0.5).sl(ctx.close().last() * 0.95));
 * }
 * }</pre>
 */
public final class StrategyContext {

    private final Broker broker;
    private final Cursor cursor;
    private final Series open;
    private final Series high;
    private final Series low;
    private final Series close;
    private final Series volume;

    StrategyContext(Broker broker, Cursor cursor, Bars bars) {
        this.broker = broker;
        this.cursor = cursor;
        this.open = new Series("open", bars.open(), cursor);
        this.high = new Series("high", bars.high(), cursor);
        this.low = new Series("low", bars.low(), cursor);
        this.close = new Series("close", bars.close(), cursor);
        this.volume = new Series("volume", bars.volume(), cursor);
    }

    /** Index of the current bar. */
    public int bar() { return cursor.bar; }

    /** Time of the current bar, epoch seconds. */
    public long time() { return cursor.time; }

    public Series open() { return open; }
    public Series high() { return high; }
    public Series low() { return low; }
    public Series close() { return close; }
    public Series volume() { return volume; }

    public Position position() { return broker.position(); }

    /** Equity at the current close: cash + open trades marked to the close. */
    public double equity() { return broker.equityAt(broker.currentClose()); }

    /** Cash (initial cash plus realised profits minus commissions). */
    public double cash() { return broker.cash(); }

    /** Open trades, oldest first (read-only list). */
    public List<OpenTrade> trades() { return broker.openTradesView(); }

    /** Closed trades so far, in closing order (read-only list). */
    public List<ClosedTrade> closedTrades() { return broker.closedTradesView(); }

    /** Buys with all available margin at the next open. */
    public void buy() { broker.place(true, Order.allIn()); }

    /** Buys {@code size}: (0, 1) = fraction of available margin, &ge; 1 = units. */
    public void buy(double size) { broker.place(true, Order.size(size)); }

    public void buy(Order order) { broker.place(true, order); }

    /** Sells (short, or closes longs first) with all available margin at the next open. */
    public void sell() { broker.place(false, Order.allIn()); }

    public void sell(double size) { broker.place(false, Order.size(size)); }

    public void sell(Order order) { broker.place(false, order); }

    /** Cancels all pending (not yet filled) orders, keeping requested closes. */
    public void cancelOrders() { broker.cancelPending(); }

    /** Adds a line to the run log. */
    public void log(String message) { broker.warn(message); }
}
