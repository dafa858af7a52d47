package dev.backtest.sdk.run.internal;

import dev.backtest.engine.CandleSeries;

/**
 * Where runs and sweeps get their candles: the client's candle service, with its caches.
 *
 * <pre>{@code
 * CandleSource candles = s -> marketData.query().symbol(s.symbol()).between(s.startDate(), s.endDate())
 *         .timeframe(s.timeframe()).fetch();
 * }</pre>
 */
@FunctionalInterface
public interface CandleSource {

    /** The candles of the snapshot's symbol, timeframe and dates. */
    CandleSeries load(RunSnapshot snapshot);
}
