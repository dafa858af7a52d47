package dev.backtest.sdk.marketdata;

import java.time.Instant;

/** One candle: bucket start (UTC) and OHLCV. For convenience only; bulk data is a {@link CandleSeries}. */
public record Candle(Instant time, double open, double high, double low, double close, double volume) {
}
