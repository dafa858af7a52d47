package dev.backtest.engine;

/**
 * A trade still open, as seen by the strategy: read its state, or ask to close it (all or part) at the
 * next market fill. The engine mutates it as it is partly closed.
 *
 * <pre>{@code
 * for (OpenTrade t : ctx.trades()) if (t.entryBar() < ctx.bar() - 10) t.close();
 * }</pre>
 */
public final class OpenTrade {

    private final Broker broker;
    double size;
    final double entryPrice;
    final int entryBar;
    final long entryTime;
    double sl;
    double tp;
    /** Entry commission not yet attributed to closed parts. */
    double entryCommission;

    OpenTrade(Broker broker, double size, double entryPrice, int entryBar, long entryTime, double sl, double tp,
              double entryCommission) {
        this.broker = broker;
        this.size = size;
        this.entryPrice = entryPrice;
        this.entryBar = entryBar;
        this.entryTime = entryTime;
        this.sl = sl;
        this.tp = tp;
        this.entryCommission = entryCommission;
    }

    /** Units, negative for a short. */
    public double size() {
        return size;
    }

    public double entryPrice() {
        return entryPrice;
    }

    public int entryBar() {
        return entryBar;
    }

    public long entryTime() {
        return entryTime;
    }

    /** Stop-loss price, NaN if none. */
    public double sl() {
        return sl;
    }

    /** Take-profit price, NaN if none. */
    public double tp() {
        return tp;
    }

    public boolean isLong() {
        return size > 0;
    }

    /** Unrealised profit at the current bar's close, before exit commission. */
    public double pl() {
        return size * (broker.currentClose() - entryPrice);
    }

    /** Closes the whole trade at the next market fill. */
    public void close() {
        broker.requestClose(this, Math.abs(size));
    }

    /**
     * Closes {@code portion} in (0, 1] of the trade at the next market fill: {@code max(1, rint(|size|·portion))}
     * units (halves to even, at most {@code |size|}), or exactly {@code |size|·portion} with fractional units.
     */
    public void close(double portion) {
        broker.requestClose(this, broker.portionUnits(Math.abs(size), portion));
    }
}
