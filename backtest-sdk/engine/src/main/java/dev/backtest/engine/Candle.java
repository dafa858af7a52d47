package dev.backtest.engine;

import java.time.Instant;

/**
 * One candle: bucket start (UTC) and OHLCV. For convenience only; bulk data is a {@link CandleSeries}.
 *
 * <pre>{@code
 * Optional<Candle> first = client.candles().symbol("BTC").between(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31))
 *         .timeframe("1d").first();
 * first.ifPresent(c -> System.out.println(c.time() + " close " + c.close()));
 * Candle last = series.get(series.size() - 1);
 * }</pre>
 */
public record Candle(Instant time, double open, double high, double low, double close, double volume) {
}
