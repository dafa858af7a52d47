package dev.backtest.sdk.marketdata;

import dev.backtest.engine.Timeframe;

import java.time.Instant;

/**
 * A validated candle request, as {@link CandleQuery} builds it: one symbol's minutes in {@code [start, end)},
 * aggregated to {@code timeframe}, from the layout {@code resolution}.
 *
 * <pre>{@code
 * CandleSeries s = client.marketData().fetch(new CandleRequest("BTC", Instant.parse("2024-01-01T00:00:00Z"),
 *         Instant.parse("2024-02-01T00:00:00Z"), Timeframe.D1, SourceResolution.YEARLY));
 * }</pre>
 */
public record CandleRequest(String symbol, Instant start, Instant end, Timeframe timeframe, SourceResolution resolution) {
}
