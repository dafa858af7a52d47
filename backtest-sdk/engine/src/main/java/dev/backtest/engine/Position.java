package dev.backtest.engine;

/**
 * The net position: the sum of open trades (all in one direction, since opposite orders net).
 *
 * <pre>{@code
 * if (ctx.position().isLong()) ctx.position().close();
 * }</pre>
 */
public final class Position {

    private final Broker broker;

    Position(Broker broker) {
        this.broker = broker;
    }

    /** Net units, negative when short, 0 when flat. */
    public double size() {
        return broker.netSize();
    }

    public boolean isLong() { return size() > 0; }
    public boolean isShort() { return size() < 0; }
    public boolean isFlat() { return size() == 0; }

    /** Unrealised profit of all open trades at the current close, before exit commissions. */
    public double pl() {
        return broker.openPl(broker.currentClose());
    }

    /** Closes all open trades at the next market fill (the next bar's open). */
    public void close() {
        broker.closeAll(1.0);
    }

    /** Closes {@code portion} in (0, 1] of every open trade at the next market fill. */
    public void close(double portion) {
        broker.closeAll(portion);
    }
}
