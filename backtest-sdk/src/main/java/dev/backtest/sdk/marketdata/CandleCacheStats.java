package dev.backtest.sdk.marketdata;

/** What the candle result cache holds and how well it serves: counts since start. */
public record CandleCacheStats(int entries, long bytes, long maxBytes, long hits, long misses, long evictions) {

    /** Hits over lookups, 0 when nothing was looked up yet. */
    public double hitRatio() {
        long lookups = hits + misses;
        return lookups == 0 ? 0.0 : (double) hits / lookups;
    }
}
