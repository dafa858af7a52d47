package dev.backtest.sdk.marketdata;

import dev.backtest.engine.CandleSeries;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;

import dev.backtest.sdk.config.WatchedSymbol;
import dev.backtest.sdk.source.BarSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

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

    /**
     * Which UTC days from {@code start} to {@code end} (both included, at most {@link Coverage#MAX_DAYS}) the symbol has
     * bars for in each layout that holds it (1-minute yearly files {@code 1Y}, daily bars {@code 1D}, legacy daily files
     * {@code 1m}), the runs of days without any bar, and for 1-minute layouts the minutes missing on each day with data
     * as {@code [from, to)} spans. No exchange calendar is applied: a weekend or a closed session is a gap like any other.
     * Computed from the stored objects now (DuckDB over the local copies), never cached.
     *
     * <pre>{@code
     * Coverage c = client.marketData().coverage("BTC", LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31));
     * c.resolutions().forEach(l -> System.out.println(l.sourceResolution() + " " + l.missingDays()));
     * }</pre>
     *
     * @throws BacktestException {@link ErrorCode#INVALID_SYMBOL}; {@link ErrorCode#DATE_RANGE} for a reversed range, one
     *         outside 1970-01-01..2100-12-31 or longer than {@link Coverage#MAX_DAYS} days; {@link ErrorCode#SYMBOL_NOT_FOUND}
     *         when no layout holds the symbol; {@link ErrorCode#DATA_CORRUPT}, {@link ErrorCode#STORAGE_UNAVAILABLE}
     */
    default Coverage coverage(String symbol, java.time.LocalDate start, java.time.LocalDate end) {
        return coverage(new CoverageRequest(symbol, start, end));
    }

    /** {@link #coverage(String, java.time.LocalDate, java.time.LocalDate)} of a validated request. */
    Coverage coverage(CoverageRequest request);

    CandleCacheStats cacheStats();

    /**
     * The hot tier: yearly files of 1-minute bars kept decoded in memory ({@code CANDLE_HOT_TIER_BYTES}), which answer
     * candle queries over them without DuckDB.
     */
    HotTierStats hotTierStats();

    /** Objects downloaded into the local file cache since start. */
    long downloads();

    /**
     * Imports 1-minute bars from a CSV file with a header row: time in the first column (possibly
     * unnamed, as pandas writes it) or in a column named time, timestamp, date or datetime (ISO date,
     * ISO date-time with or without offset, no offset meaning UTC, or unix seconds or milliseconds),
     * and open, high, low, close and optionally volume (default 0) in any letter case. Every row is
     * validated first; the yearly objects are then merged with what is stored (an imported bar
     * replaces a stored bar of the same minute; every other stored bar is kept) through the same verified
     * merge as {@link #refresh(RefreshRequest)}: a year whose merge equals what is stored is not rewritten. The import
     * is recorded as a task of kind {@code import}.
     *
     * <pre>{@code
     * ImportReport r = client.marketData().importCsv("BTC", Path.of("btc.csv"));
     * }</pre>
     *
     * @throws BacktestException {@link ErrorCode#VALIDATION_FAILED} listing the first rows at fault
     *         (bad OHLC relation, non-positive or NaN price, negative volume, duplicate or unsorted time)
     */
    default ImportReport importCsv(String symbol, java.nio.file.Path csv) {
        return importCsv(symbol, csv, null);
    }

    /**
     * {@link #importCsv(String, java.nio.file.Path)} on behalf of {@code userId} (recorded on the import's task; null:
     * nobody in particular).
     *
     * <pre>{@code
     * ImportReport r = client.marketData().importCsv("BTC", Path.of("btc.csv"), adminId);
     * }</pre>
     */
    ImportReport importCsv(String symbol, java.nio.file.Path csv, UUID userId);

    /** Like {@link #importCsv} from a Parquet file (time as TIMESTAMP, DATE, unix seconds or milliseconds, or ISO text). */
    default ImportReport importParquet(String symbol, java.nio.file.Path parquet) {
        return importParquet(symbol, parquet, null);
    }

    /** {@link #importParquet(String, java.nio.file.Path)} on behalf of {@code userId} (recorded on the import's task). */
    ImportReport importParquet(String symbol, java.nio.file.Path parquet, UUID userId);

    /**
     * Brings the symbols up to date from their sources, one symbol after the other, recorded as one task of kind
     * {@code refresh} (progress: symbols done over symbols; a cancel is honoured between symbols).
     *
     * <ul>
     *   <li>Range: from the last stored bar minus an overlap (60 minutes for 1-minute bars, one day for daily bars, so a
     *       bar still forming when it was stored is fetched again) to now; a symbol with nothing stored starts at
     *       {@link RefreshRequest#minuteHistory()} or {@link RefreshRequest#dailyHistory()} back.</li>
     *   <li>Layout: a source that delivers 1-minute bars writes the yearly files ({@code 1Y}); a daily-only source
     *       writes {@code ohlcv/1D/symbol=S/year=Y/S_Y.parquet} ({@link SourceResolution#DAILY_BARS}).</li>
     *   <li>Never loses data: per touched year the stored object is read, merged with the fetched bars (every stored
     *       bar kept; a fetched bar replaces the stored bar of the same time), written to a local file and verified
     *       (every stored time still there, times ascending without duplicates, row count = stored ∪ fetched, prices
     *       valid) before it replaces the object. Nothing is ever deleted.</li>
     *   <li>Idempotent: a year whose merge equals what is stored is not written at all.</li>
     *   <li>Failures are per symbol: a source error (even mid-stream), a failed verification or a store error leaves that
     *       symbol's stored objects as they were, is reported in {@link RefreshReport#failed()} and the next symbol
     *       goes on. Years are written in order and a symbol stops at its first failed year, so the last stored bar
     *       never moves past a hole.</li>
     * </ul>
     *
     * <pre>{@code
     * RefreshReport r = client.marketData().refresh(RefreshRequest.of(
     *         List.of(new WatchedSymbol("BTC", "binance", "BTCUSDT")), client.sources()).requestedBy(adminId));
     * }</pre>
     *
     * @throws BacktestException {@link ErrorCode#DATABASE_UNAVAILABLE} when the task cannot be recorded (nothing is
     *         fetched then); per-symbol failures are reported, not thrown
     */
    RefreshReport refresh(RefreshRequest request);

    /**
     * {@link #refresh(RefreshRequest)} on a background thread of the client: the task is recorded (status
     * {@code running}) before this returns its id, and the refresh is followed through the task view
     * ({@code client.tasks().get(userId, id)}, its events, its cancel). Background refreshes run one after the other; a
     * year written by two refreshes at once is merged twice, never overwritten (see {@link #refresh(RefreshRequest)}).
     * Closing the client interrupts the one in progress (it ends as cancelled after the symbol it is on) and records
     * those not started as cancelled.
     *
     * <pre>{@code
     * UUID task = client.marketData().refreshInBackground(RefreshRequest.of(client.config().refreshSymbols(), client.sources())
     *         .requestedBy(adminId));
     * client.tasks().events(adminId, task, Duration.ofMillis(500), Duration.ofMinutes(10)).forEach(System.out::println);
     * }</pre>
     *
     * @throws BacktestException {@link ErrorCode#DATABASE_UNAVAILABLE} when the task cannot be recorded (nothing runs then)
     */
    UUID refreshInBackground(RefreshRequest request);

    /**
     * {@link #refresh(RefreshRequest)} of {@code symbols} from {@code sources} with the default history starts,
     * requested by {@code userId} (null: the scheduler).
     *
     * <pre>{@code
     * RefreshReport r = client.marketData().refresh(client.config().refreshSymbols(), client.sources(), adminId);
     * }</pre>
     */
    default RefreshReport refresh(List<WatchedSymbol> symbols, Map<String, BarSource> sources, UUID userId) {
        return refresh(RefreshRequest.of(symbols, sources).requestedBy(userId));
    }

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
     * The version of the stored data that {@code answer}, a result of {@link #fetch} or {@link #cached} for {@code r},
     * was computed from: the keys and ETags of the objects read, as one opaque string that changes whenever a refresh or
     * an import replaces one of them. Empty when {@code answer} is no longer the cached result of {@code r} (evicted,
     * recomputed, or too large to cache). No I/O. A server derives HTTP ETags from it.
     */
    Optional<String> dataVersion(CandleRequest r, CandleSeries answer);

    /**
     * The candles of one validated request (what {@link CandleQuery#fetch()} calls). A {@code 1Y} request for a symbol
     * with no yearly minute files but daily bars ({@code 1D}) reads the daily bars.
     *
     * @throws BacktestException {@link ErrorCode#INVALID_TIMEFRAME} for a timeframe finer than {@code 1d} on a symbol
     *         stored as daily bars (naming {@code 1d, 1w, 1M}), {@link ErrorCode#SYMBOL_NOT_FOUND}, {@link ErrorCode#DATE_RANGE},
     *         {@link ErrorCode#RESULT_TOO_LARGE}, {@link ErrorCode#DATA_CORRUPT}, {@link ErrorCode#STORAGE_UNAVAILABLE}
     */
    CandleSeries fetch(CandleRequest r);
}
