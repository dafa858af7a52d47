package dev.backtest.server.marketdata;

import java.util.List;

/** Body of {@code POST /api/v1/ohlcv/batch}: up to 20 symbols, one range, timeframe and layout. */
public record CandleBatchRequest(List<String> symbols, String startDate, String endDate, String timeframe, String sourceResolution,
                                 String format) {
}
