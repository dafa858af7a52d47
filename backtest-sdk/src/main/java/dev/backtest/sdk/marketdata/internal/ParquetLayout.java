package dev.backtest.sdk.marketdata.internal;

import dev.backtest.sdk.marketdata.SourceResolution;
import dev.backtest.sdk.marketdata.Symbols;

import java.time.LocalDate;

/**
 * Where candles live in the object store. Yearly files of 1-minute bars (the default, source resolution {@code 1Y}):
 * {@code ohlcv/1Y/symbol={SYMBOL}/year={YYYY}/{SYMBOL}_{YYYY}.parquet}; legacy daily files of 1-minute bars
 * (source resolution {@code 1m}): {@code ohlcv/1m/symbol={SYMBOL}/date={YYYY-MM-DD}/{SYMBOL}_{YYYY-MM-DD}.parquet};
 * yearly files of daily bars (source resolution {@code 1D}, written by the refresh of daily-only sources):
 * {@code ohlcv/1D/symbol={SYMBOL}/year={YYYY}/{SYMBOL}_{YYYY}.parquet}, one bar per day starting 00:00 UTC.
 * Columns: {@code timestamp} (unix seconds, milliseconds or TIMESTAMP; the SDK writes TIMESTAMP), {@code open},
 * {@code high}, {@code low}, {@code close}, {@code volume}; daily bars add {@code adj_close} (DOUBLE, NULL when the
 * source gives no adjusted close apart from the raw one).
 *
 * <pre>{@code
 * String key = ParquetLayout.yearlyKey("BTC", 2024);   // ohlcv/1Y/symbol=BTC/year=2024/BTC_2024.parquet
 * client.storage().upload(key, Path.of("BTC_2024.parquet"));
 * String legacy = ParquetLayout.dailyKey("BTC", LocalDate.of(2020, 1, 2));   // ohlcv/1m/symbol=BTC/date=2020-01-02/...
 * String daily = ParquetLayout.dailyBarsKey("SPY", 2024);   // ohlcv/1D/symbol=SPY/year=2024/SPY_2024.parquet
 * }</pre>
 */
public final class ParquetLayout {

    public static final String YEARLY_ROOT = SourceResolution.YEARLY.root();
    public static final String DAILY_ROOT = SourceResolution.DAILY.root();
    public static final String DAILY_BARS_ROOT = SourceResolution.DAILY_BARS.root();

    private ParquetLayout() {
    }

    public static String yearlyKey(String symbol, int year) {
        String s = Symbols.require(symbol);
        return YEARLY_ROOT + "symbol=" + s + "/year=" + year + "/" + s + "_" + year + ".parquet";
    }

    public static String dailyBarsKey(String symbol, int year) {
        String s = Symbols.require(symbol);
        return DAILY_BARS_ROOT + "symbol=" + s + "/year=" + year + "/" + s + "_" + year + ".parquet";
    }

    /** The key of a symbol-year in a yearly layout ({@code 1Y} or {@code 1D}). */
    public static String yearKey(SourceResolution layout, String symbol, int year) {
        return switch (layout) {
            case YEARLY -> yearlyKey(symbol, year);
            case DAILY_BARS -> dailyBarsKey(symbol, year);
            case DAILY -> throw new IllegalArgumentException("the legacy 1m layout has one file per day, not per year");
        };
    }

    /** The key prefix of a symbol's objects in a layout. */
    public static String symbolPrefix(SourceResolution layout, String symbol) {
        return layout.root() + "symbol=" + Symbols.require(symbol) + "/";
    }

    public static String dailyKey(String symbol, LocalDate date) {
        String s = Symbols.require(symbol);
        return DAILY_ROOT + "symbol=" + s + "/date=" + date + "/" + s + "_" + date + ".parquet";
    }
}
