package dev.backtest.sdk.marketdata;

/**
 * What the candle result cache holds and how well it serves: counts since start.
 *
 * <pre>{@code
 * CandleCacheStats s = client.marketData().cacheStats();
 * System.out.printf("%d entries, %d of %d bytes, hit ratio %.2f%n", s.entries(), s.bytes(), s.maxBytes(), s.hitRatio());
 * }</pre>
 */
public record CandleCacheStats(int entries, long bytes, long maxBytes, long hits, long misses, long evictions) {

    /** Hits over lookups, 0 when nothing was looked up yet. */
    public double hitRatio() {
        long lookups = hits + misses;
        return lookups == 0 ? 0.0 : (double) hits / lookups;
    }
}
