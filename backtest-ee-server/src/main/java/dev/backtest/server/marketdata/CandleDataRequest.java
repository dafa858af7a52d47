package dev.backtest.server.marketdata;

/**
 * Body of {@code POST /api/v1/ohlcv/data}: the query parameters of {@code GET} as JSON. Dates are
 * text so that a garbled one is reported per field like any other.
 */
public record CandleDataRequest(String symbol, String startDate, String endDate, String timeframe, String sourceResolution,
                                String format) {
}
