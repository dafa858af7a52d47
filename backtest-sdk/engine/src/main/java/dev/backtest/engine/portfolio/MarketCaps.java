package dev.backtest.engine.portfolio;

import java.util.Arrays;

/**
 * An asset's market capitalisation over time: {@code marketCap[i]} from {@code time[i]} (epoch seconds, strictly
 * increasing) on, in the asset's currency; finite and positive. Used by the {@code market_cap} weighting (the
 * latest value at or before a decision) and readable by strategies. The arrays are not copied.
 *
 * <pre>{@code
 * MarketCaps caps = MarketCaps.of(new long[] {t0, t1}, new double[] {2.1e12, 2.3e12});
 * Asset aapl = Asset.of("AAPL", bars).withMarketCaps(caps);
 * }</pre>
 */
public record MarketCaps(long[] time, double[] marketCap) {

    public static MarketCaps of(long[] time, double[] marketCap) {
        return new MarketCaps(time, marketCap);
    }

    public int size() {
        return time.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MarketCaps m && Arrays.equals(time, m.time) && Arrays.equals(marketCap, m.marketCap);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(time) + Arrays.hashCode(marketCap);
    }

    @Override
    public String toString() {
        return "MarketCaps[" + time.length + " values]";
    }
}
