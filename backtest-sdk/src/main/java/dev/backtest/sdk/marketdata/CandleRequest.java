package dev.backtest.sdk.marketdata;

import dev.backtest.engine.Timeframe;
import java.time.Instant;

/** A validated candle request: minutes in {@code [start, end)}, aggregated to {@code timeframe}. */
record CandleRequest(String symbol, Instant start, Instant end, Timeframe timeframe, SourceResolution resolution) {
}
