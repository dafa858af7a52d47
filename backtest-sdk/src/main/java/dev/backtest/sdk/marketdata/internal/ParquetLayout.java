package dev.backtest.sdk.marketdata.internal;

import dev.backtest.sdk.marketdata.SourceResolution;
import dev.backtest.sdk.marketdata.Symbols;

import java.time.LocalDate;

/**
 * Where candles live in the object store. Yearly files (the default, source resolution {@code 1Y}):
 * {@code ohlcv/1Y/symbol={SYMBOL}/year={YYYY}/{SYMBOL}_{YYYY}.parquet}; legacy daily files
 * (source resolution {@code 1m}): {@code ohlcv/1m/symbol={SYMBOL}/date={YYYY-MM-DD}/{SYMBOL}_{YYYY-MM-DD}.parquet}.
 * Columns: {@code timestamp} (unix seconds, milliseconds or TIMESTAMP), {@code open}, {@code high},
 * {@code low}, {@code close}, {@code volume}.
 *
 * <pre>{@code
 * String key = ParquetLayout.yearlyKey("BTC", 2024);   // ohlcv/1Y/symbol=BTC/year=2024/BTC_2024.parquet
 * client.storage().upload(key, Path.of("BTC_2024.parquet"));
 * String legacy = ParquetLayout.dailyKey("BTC", LocalDate.of(2020, 1, 2));   // ohlcv/1m/symbol=BTC/date=2020-01-02/...
 * }</pre>
 */
public final class ParquetLayout {

    public static final String YEARLY_ROOT = SourceResolution.YEARLY.root();
    public static final String DAILY_ROOT = SourceResolution.DAILY.root();

    private ParquetLayout() {
    }

    public static String yearlyKey(String symbol, int year) {
        String s = Symbols.require(symbol);
        return YEARLY_ROOT + "symbol=" + s + "/year=" + year + "/" + s + "_" + year + ".parquet";
    }

    public static String dailyKey(String symbol, LocalDate date) {
        String s = Symbols.require(symbol);
        return DAILY_ROOT + "symbol=" + s + "/date=" + date + "/" + s + "_" + date + ".parquet";
    }
}
