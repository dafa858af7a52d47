package dev.backtest.engine;

/**
 * A closed trade (or closed part of one). {@code size} is negative for a short;
 * {@code pnl = size·(exit − entry) − commission};
 * {@code returnPct = sign(size)·(exit/entry − 1) − commission/(|size|·entry)} is a fraction (0.01 = 1 %),
 * as in docs/engine.md; {@code commission} covers both sides. Times are epoch seconds; in JSON they are ISO-8601
 * and the duration is fractional days ({@code duration_days}).
 *
 * <pre>{@code
 * double totalPnl = result.trades().stream().mapToDouble(ClosedTrade::pnl).sum();
 * }</pre>
 */
public record ClosedTrade(
        double size,
        int entryBar,
        int exitBar,
        double entryPrice,
        double exitPrice,
        long entryTime,
        long exitTime,
        double commission,
        double pnl,
        double returnPct) {

    /** {@code exit_time − entry_time} in seconds. */
    public long duration() {
        return exitTime - entryTime;
    }

    /** {@link #duration()} in fractional days. */
    public double durationDays() {
        return duration() / 86_400.0;
    }
}
