package dev.backtest.sdk.marketdata;

import dev.backtest.engine.Timeframe;

/**
 * Told about market-data work, so a host (the server's metrics) can count and time it without the
 * SDK depending on a metrics library. Methods are called on the working thread: keep them cheap.
 *
 * <pre>{@code
 * BacktestClient.builder().marketDataListener(new MarketDataListener() {
 *     public void queryCompleted(String symbol, Timeframe tf, int rows, long nanos, boolean cacheHit) { ... }
 * })
 * }</pre>
 */
public interface MarketDataListener {

    MarketDataListener NONE = new MarketDataListener() { };

    /** A candle query finished, from the result cache or not. */
    default void queryCompleted(String symbol, Timeframe timeframe, int rows, long nanos, boolean cacheHit) {
    }

    /** An object was downloaded into the local file cache. */
    default void objectDownloaded(String key, long bytes, long nanos) {
    }

    /** DuckDB ran an aggregation. */
    default void duckDbQuery(long nanos) {
    }
}
