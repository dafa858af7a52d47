package dev.backtest.sdk.marketdata;

/**
 * What the candle hot tier holds and how well it serves, counts since start: yearly files of 1-minute bars kept
 * decoded in memory ({@code CANDLE_HOT_TIER_BYTES}), so a query over them needs no DuckDB scan.
 *
 * <pre>{@code
 * HotTierStats s = client.marketData().hotTierStats();
 * System.out.printf("%d symbol-years in %d of %d bytes; %d decodes took %.1f s%n",
 *         s.years(), s.bytes(), s.maxBytes(), s.misses(), s.decodeNanos() / 1e9);
 * }</pre>
 *
 * @param years       symbol-years held (decoded, or remembered as left to DuckDB)
 * @param bytes       memory they take
 * @param maxBytes    the bound ({@code CANDLE_HOT_TIER_BYTES}; 0: the tier is off)
 * @param hits        lookups of a symbol-year found decoded
 * @param misses      symbol-years decoded (each once per object version while it stays)
 * @param evictions   symbol-years dropped to stay within the bound
 * @param decodeNanos time spent decoding, in total
 */
public record HotTierStats(int years, long bytes, long maxBytes, long hits, long misses, long evictions, long decodeNanos) {

    /** Hits over lookups, 0 when nothing was looked up yet. */
    public double hitRatio() {
        long lookups = hits + misses;
        return lookups == 0 ? 0.0 : (double) hits / lookups;
    }
}
