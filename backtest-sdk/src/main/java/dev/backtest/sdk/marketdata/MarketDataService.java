package dev.backtest.sdk.marketdata;

import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.Timeframe;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.storage.ObjectFileCache;
import dev.backtest.sdk.storage.ObjectStore;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

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
public final class MarketDataService {

    private final StoredObjects objects;
    private final ObjectFileCache files;
    private final CandleAggregator aggregator;
    private final CandleImporter importer;
    private final CandleCache cache;
    private final long maxRows;
    private final Clock clock;
    private final MarketDataListener listener;
    private final ConcurrentHashMap<String, long[]> boundsByFile = new ConcurrentHashMap<>();

    public MarketDataService(ObjectStore store, ObjectFileCache files, DuckDb duckDb, long maxRows, long cacheBytes, Clock clock,
                             MarketDataListener listener) {
        this.objects = new StoredObjects(store, clock);
        this.files = files;
        this.aggregator = new CandleAggregator(duckDb);
        this.importer = new CandleImporter(store, duckDb, aggregator, files.directory().resolveSibling("import-tmp"));
        this.cache = new CandleCache(cacheBytes, clock);
        this.maxRows = maxRows;
        this.clock = clock;
        this.listener = listener;
    }

    /** A new query; see {@link CandleQuery}. */
    public CandleQuery query() {
        return new CandleQuery(this);
    }

    /** Symbols with data in the layout, sorted. */
    public List<String> symbols(SourceResolution resolution) {
        return objects.symbols(resolution);
    }

    /** The first and last stored bar of a symbol in a layout; empty when it has none there. */
    public Optional<DataRange> range(String symbol, SourceResolution resolution) {
        List<StoredObjects.Period> periods = objects.periods(Symbols.require(symbol), resolution);
        if (periods.isEmpty()) {
            return Optional.empty();
        }
        long[] first = bounds(periods.get(0));
        long[] last = bounds(periods.get(periods.size() - 1));
        return Optional.of(new DataRange(symbol, resolution, Instant.ofEpochSecond(first[0]), Instant.ofEpochSecond(last[1])));
    }

    public CandleCacheStats cacheStats() {
        return cache.stats();
    }

    /** Objects downloaded into the local file cache since start. */
    public long downloads() {
        return files.downloads();
    }

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
    public ImportReport importCsv(String symbol, java.nio.file.Path csv) {
        try {
            return importer.importCsv(symbol, csv);
        } finally {
            refreshListings();
        }
    }

    /** Like {@link #importCsv} from a Parquet file (time as TIMESTAMP, DATE, unix seconds or milliseconds, or ISO text). */
    public ImportReport importParquet(String symbol, java.nio.file.Path parquet) {
        try {
            return importer.importParquet(symbol, parquet);
        } finally {
            refreshListings();
        }
    }

    /** Forgets cached listings, e.g. after objects were written by an import. */
    public void refreshListings() {
        objects.invalidate();
    }

    /**
     * The result of {@code r} if it can be answered from memory alone: a fresh listing of the symbol's objects and
     * a result-cache entry for the same objects (key and ETag). Empty otherwise, without touching the store, a file
     * or DuckDB; then {@link #fetch} answers, and counts the miss.
     */
    Optional<CandleSeries> cached(CandleRequest r) {
        long started = System.nanoTime();
        Optional<List<StoredObjects.Period>> periods = objects.freshPeriods(r.symbol(), r.resolution());
        if (periods.isEmpty()) {
            return Optional.empty();
        }
        List<StoredObjects.Period> needed = overlapping(periods.get(), r);
        if (needed.isEmpty()) {
            return Optional.empty();
        }
        CandleCache.Key key = new CandleCache.Key(r.symbol(), r.start(), r.end(), r.timeframe(), r.resolution());
        Optional<CandleSeries> hit = cache.peek(key, signature(needed));
        hit.ifPresent(series -> listener.queryCompleted(r.symbol(), r.timeframe(), series.size(), System.nanoTime() - started, true));
        return hit;
    }

    CandleSeries fetch(CandleRequest r) {
        long started = System.nanoTime();
        // Refused before the store is listed or a file read: the range alone bounds the result.
        long buckets = r.timeframe().bucketsBetween(r.start(), r.end());
        if (buckets > maxRows) {
            throw tooLarge(r.timeframe(), "the range " + r.start() + " to " + r.end() + " spans " + buckets + " candles of "
                    + r.timeframe().code()).with("candles", buckets);
        }
        CandleCache.Key key = new CandleCache.Key(r.symbol(), r.start(), r.end(), r.timeframe(), r.resolution());
        List<StoredObjects.Period> needed;
        try {
            needed = needed(r);
        } catch (BacktestException e) {
            // The store is down and the listing expired: a result computed earlier is better than none
            // (stale-if-error); it is served as it was, whatever the store holds now.
            Optional<CandleSeries> stale = e.code() == ErrorCode.STORAGE_UNAVAILABLE ? cache.getStale(key) : Optional.empty();
            if (stale.isEmpty()) {
                throw e;
            }
            listener.queryCompleted(r.symbol(), r.timeframe(), stale.get().size(), System.nanoTime() - started, true);
            return stale.get();
        }
        String signature = signature(needed);
        Optional<CandleSeries> hit = cache.get(key, signature);
        if (hit.isPresent()) {
            listener.queryCompleted(r.symbol(), r.timeframe(), hit.get().size(), System.nanoTime() - started, true);
            return hit.get();
        }
        List<CandleAggregator.Source> sources = new ArrayList<>(needed.size());
        for (StoredObjects.Period p : needed) {
            sources.add(new CandleAggregator.Source(files.file(p.object(),
                    nanos -> listener.objectDownloaded(p.object().key(), p.object().size(), nanos)), p.object().key()));
        }
        long duckStart = System.nanoTime();
        int limit = (int) Math.min(Integer.MAX_VALUE - 1L, maxRows + 1);
        CandleSeries series = aggregator.aggregate(r.symbol(), r.timeframe(), sources, r.start().getEpochSecond(),
                r.end().getEpochSecond(), limit);
        listener.duckDbQuery(System.nanoTime() - duckStart);
        if (series.size() > maxRows) {
            throw tooLarge(r.timeframe(), "the result has more candles than allowed");
        }
        cache.put(key, series, signature);
        listener.queryCompleted(r.symbol(), r.timeframe(), series.size(), System.nanoTime() - started, false);
        return series;
    }

    private BacktestException tooLarge(Timeframe timeframe, String what) {
        return BacktestException.of(ErrorCode.RESULT_TOO_LARGE, what + ": more than " + maxRows + " candles (limit CANDLE_MAX_ROWS); "
                + "use a coarser timeframe than " + timeframe.code() + " or a shorter date range and page").with("limit", maxRows);
    }

    /** The objects overlapping the request; errors when the symbol or the range has no data at all. */
    private List<StoredObjects.Period> needed(CandleRequest r) {
        List<StoredObjects.Period> periods = objects.periods(r.symbol(), r.resolution());
        if (periods.isEmpty()) {
            throw BacktestException.of(ErrorCode.SYMBOL_NOT_FOUND, "no " + r.resolution().code() + " data for symbol '"
                    + r.symbol() + "'; known symbols: " + objects.symbols(r.resolution())).with("symbol", r.symbol());
        }
        List<StoredObjects.Period> out = overlapping(periods, r);
        // A range before the first bar or after the last bar has no data at all: say which range exists. Only the
        // first and last needed objects are inspected (they are read anyway), so a gap inside the data stays an
        // empty result and a corrupt object elsewhere does not block this query.
        boolean outside = out.isEmpty()
                || (out.get(0) == periods.get(0) && !r.end().isAfter(Instant.ofEpochSecond(bounds(out.get(0))[0])))
                || (out.get(out.size() - 1) == periods.get(periods.size() - 1)
                        && r.start().isAfter(Instant.ofEpochSecond(bounds(out.get(out.size() - 1))[1])));
        if (outside) {
            DataRange available = range(r.symbol(), r.resolution()).orElseThrow();
            throw BacktestException.of(ErrorCode.DATE_RANGE, "no data for " + r.symbol() + " between " + r.start() + " and "
                            + r.end() + "; available: " + available.firstDate() + " to " + available.lastDate())
                    .with("available_start", available.firstDate().toString())
                    .with("available_end", available.lastDate().toString());
        }
        return out;
    }

    private static List<StoredObjects.Period> overlapping(List<StoredObjects.Period> periods, CandleRequest r) {
        List<StoredObjects.Period> out = new ArrayList<>();
        for (StoredObjects.Period p : periods) {
            if (p.from().isBefore(r.end()) && p.to().isAfter(r.start())) {
                out.add(p);
            }
        }
        return out;
    }

    private long[] bounds(StoredObjects.Period p) {
        String id = p.object().key() + "@" + p.object().etag();
        long[] known = boundsByFile.get(id);
        if (known != null) {
            return known;
        }
        long[] b = aggregator.bounds(new CandleAggregator.Source(files.file(p.object(),
                nanos -> listener.objectDownloaded(p.object().key(), p.object().size(), nanos)), p.object().key()));
        boundsByFile.put(id, b);
        return b;
    }

    private static String signature(List<StoredObjects.Period> periods) {
        StringBuilder sb = new StringBuilder();
        for (StoredObjects.Period p : periods) {
            sb.append(p.object().key()).append('=').append(p.object().etag()).append(';');
        }
        return sb.toString();
    }

    Clock clock() {
        return clock;
    }

    long maxRows() {
        return maxRows;
    }

    static List<String> distinct(String... symbols) {
        return Arrays.stream(symbols).distinct().toList();
    }
}
