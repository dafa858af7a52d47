package dev.backtest.sdk.marketdata.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.Timeframe;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.marketdata.CacheClearReport;
import dev.backtest.sdk.marketdata.CandleCacheStats;
import dev.backtest.sdk.marketdata.CandleQuery;
import dev.backtest.sdk.marketdata.CandleRequest;
import dev.backtest.sdk.marketdata.DataRange;
import dev.backtest.sdk.marketdata.ImportReport;
import dev.backtest.sdk.marketdata.MarketDataListener;
import dev.backtest.sdk.marketdata.MarketDataService;
import dev.backtest.sdk.marketdata.SourceResolution;
import dev.backtest.sdk.marketdata.Symbols;
import dev.backtest.sdk.storage.ObjectStore;
import dev.backtest.sdk.storage.internal.ObjectFileCache;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link MarketDataService} over the object store: listings, the file cache, DuckDB aggregation and the result cache.
 *
 * <pre>{@code
 * MarketDataService service = new StoredMarketData(database);
 * }</pre>
 */
public final class StoredMarketData implements MarketDataService {

    private final StoredObjects objects;
    private final ObjectFileCache files;
    private final CandleAggregator aggregator;
    private final CandleImporter importer;
    private final CandleCache cache;
    private static final long BOUNDS_BYTES = 8L * 1024 * 1024;

    private final long maxRows;
    private final Clock clock;
    private final MarketDataListener listener;
    /** The first and last minute of each file version read so far ({@code key@etag}): a few dozen bytes each. */
    private final Cache<String, long[]> boundsByFile = Caffeine.newBuilder()
            .maximumWeight(BOUNDS_BYTES)
            .weigher((String id, long[] b) -> 2 * id.length() + 64)
            .build();

    public StoredMarketData(ObjectStore store, ObjectFileCache files, DuckDb duckDb, long maxRows, long cacheBytes, Clock clock,
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

    @Override
    public CandleQuery query() {
        return new CandleQuery(this);
    }

    @Override
    public List<String> symbols(SourceResolution resolution) {
        return objects.symbols(resolution);
    }

    @Override
    public Optional<DataRange> range(String symbol, SourceResolution resolution) {
        List<StoredObjects.Period> periods = objects.periods(Symbols.require(symbol), resolution);
        if (periods.isEmpty()) {
            return Optional.empty();
        }
        long[] first = bounds(periods.get(0));
        long[] last = bounds(periods.get(periods.size() - 1));
        return Optional.of(new DataRange(symbol, resolution, Instant.ofEpochSecond(first[0]), Instant.ofEpochSecond(last[1])));
    }

    @Override
    public CandleCacheStats cacheStats() {
        return cache.stats();
    }

    @Override
    public long downloads() {
        return files.downloads();
    }

    @Override
    public ImportReport importCsv(String symbol, java.nio.file.Path csv) {
        try {
            return importer.importCsv(symbol, csv);
        } finally {
            refreshListings();
        }
    }

    @Override
    public ImportReport importParquet(String symbol, java.nio.file.Path parquet) {
        try {
            return importer.importParquet(symbol, parquet);
        } finally {
            refreshListings();
        }
    }

    @Override
    public void refreshListings() {
        objects.invalidate();
    }

    @Override
    public CacheClearReport clearCaches(String symbol) {
        String checked = symbol == null ? null : Symbols.require(symbol);
        int results = cache.invalidate(checked);
        if (checked == null) {
            objects.invalidate();
            boundsByFile.invalidateAll();
            return new CacheClearReport(null, results, files.evictAll());
        }
        int deleted = 0;
        try {
            for (SourceResolution r : SourceResolution.values()) {
                for (StoredObjects.Period p : objects.periods(checked, r)) {
                    deleted += files.evict(p.object().key());
                    boundsByFile.asMap().keySet().removeIf(id -> id.startsWith(p.object().key() + "@"));
                }
            }
        } catch (BacktestException e) {
            if (e.code() != ErrorCode.STORAGE_UNAVAILABLE && e.code() != ErrorCode.STORAGE_ERROR) {
                throw e;
            }
            deleted = -1; // the store cannot be listed: its objects' copies stay until their ETags change
        }
        objects.invalidate();
        return new CacheClearReport(checked, results, deleted);
    }

    @Override
    public Optional<CandleSeries> cached(CandleRequest r) {
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

    @Override
    public CandleSeries fetch(CandleRequest r) {
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
        return boundsByFile.get(id, k -> aggregator.bounds(new CandleAggregator.Source(files.file(p.object(),
                nanos -> listener.objectDownloaded(p.object().key(), p.object().size(), nanos)), p.object().key())));
    }

    private static String signature(List<StoredObjects.Period> periods) {
        StringBuilder sb = new StringBuilder();
        for (StoredObjects.Period p : periods) {
            sb.append(p.object().key()).append('=').append(p.object().etag()).append(';');
        }
        return sb.toString();
    }

}
