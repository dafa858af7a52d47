package dev.backtest.sdk.marketdata;

import dev.backtest.engine.CandleSeries;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;

import java.util.List;
import java.util.Optional;

/**
 * Candles from the object store: validate → result cache → list the needed objects → local file
 * cache (by ETag) → DuckDB aggregation → columnar {@link CandleSeries}. Thread-safe; obtained from
 * {@code client.marketData()}, queried through {@code client.candles()}.
 *
 * <pre>{@code
 * MarketDataService data = client.marketData();
 * List<String> symbols = data.symbols(SourceResolution.YEARLY);          // [BTC, ETH, EURUSD] with the sample data
 * Optional<DataRange> btc = data.range("BTC", SourceResolution.YEARLY);
 * ImportReport r = data.importCsv("MYCOIN", Path.of("mycoin-bars.csv"));
 * }</pre>
 */
public interface MarketDataService {

    /** A new query; see {@link CandleQuery}. */
    CandleQuery query();

    /** Symbols with data in the layout, sorted. */
    List<String> symbols(SourceResolution resolution);

    /** The first and last stored bar of a symbol in a layout; empty when it has none there. */
    Optional<DataRange> range(String symbol, SourceResolution resolution);

    CandleCacheStats cacheStats();

    /** Objects downloaded into the local file cache since start. */
    long downloads();

    /**
     * Imports 1-minute bars from a CSV file with a header row: time in the first column (possibly
     * unnamed, as pandas writes it) or in a column named time, timestamp, date or datetime (ISO date,
     * ISO date-time with or without offset, no offset meaning UTC, or unix seconds or milliseconds),
     * and open, high, low, close and optionally volume (default 0) in any letter case. Every row is
     * validated first; the yearly objects are then merged with what is stored (an imported bar
     * replaces a stored bar of the same minute; every other stored bar is kept).
     *
     * <pre>{@code
     * ImportReport r = client.marketData().importCsv("BTC", Path.of("btc.csv"));
     * }</pre>
     *
     * @throws BacktestException {@link ErrorCode#VALIDATION_FAILED} listing the first rows at fault
     *         (bad OHLC relation, non-positive or NaN price, negative volume, duplicate or unsorted time)
     */
    ImportReport importCsv(String symbol, java.nio.file.Path csv);

    /** Like {@link #importCsv} from a Parquet file (time as TIMESTAMP, DATE, unix seconds or milliseconds, or ISO text). */
    ImportReport importParquet(String symbol, java.nio.file.Path parquet);

    /** Forgets cached listings, e.g. after objects were written by an import. */
    void refreshListings();

    /**
     * Drops the candle caches of one symbol, or of every symbol when {@code symbol} is null: cached results, the
     * store's listing, and the local copies of its objects, so the next query reads the store again. Safe while
     * queries run: a query holding a file keeps reading it.
     *
     * <pre>{@code
     * client.marketData().clearCaches(null);   // everything
     * }</pre>
     *
     * @throws BacktestException {@link ErrorCode#INVALID_SYMBOL} for a malformed symbol
     */
    CacheClearReport clearCaches(String symbol);

    /**
     * The result of {@code r} if it can be answered from memory alone: a fresh listing of the symbol's objects and
     * a result-cache entry for the same objects (key and ETag). Empty otherwise, without touching the store, a file
     * or DuckDB; then {@link #fetch} answers, and counts the miss.
     */
    Optional<CandleSeries> cached(CandleRequest r);

    /**
     * The candles of one validated request (what {@link CandleQuery#fetch()} calls).
     *
     * @throws BacktestException {@link ErrorCode#SYMBOL_NOT_FOUND}, {@link ErrorCode#DATE_RANGE},
     *         {@link ErrorCode#RESULT_TOO_LARGE}, {@link ErrorCode#DATA_CORRUPT}, {@link ErrorCode#STORAGE_UNAVAILABLE}
     */
    CandleSeries fetch(CandleRequest r);
}
