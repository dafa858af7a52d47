package dev.backtest.sdk.source;

import java.time.Instant;

/**
 * What to fetch from a source: the store's symbol, the provider's symbol (it may differ: {@code BTC} is Binance's
 * {@code BTCUSDT}, {@code EURUSD} Yahoo's {@code EURUSD=X}), the bar width and the range {@code [from, to)} in UTC.
 *
 * <pre>{@code
 * FetchRequest r = new FetchRequest("BTC", "BTCUSDT", BarResolution.MINUTE,
 *         Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-01-02T00:00:00Z"));
 * }</pre>
 */
public record FetchRequest(String symbol, String providerSymbol, BarResolution resolution, Instant from, Instant to) {
}
