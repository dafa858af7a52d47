package dev.backtest.sdk.marketdata;

/**
 * What {@link MarketDataService#clearCaches(String)} removed: candle results, the listing of the store, and local
 * copies of objects (-1 when the store could not be listed to find a symbol's objects: they stay until replaced).
 *
 * <pre>{@code
 * CacheClearReport r = client.marketData().clearCaches("BTC");
 * System.out.println(r.results() + " cached results and " + r.files() + " files of BTC dropped");
 * }</pre>
 *
 * @param symbol the symbol cleared, or null for every symbol
 */
public record CacheClearReport(String symbol, int results, int files) {
}
