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
import dev.backtest.sdk.marketdata.Coverage;
import dev.backtest.sdk.marketdata.CoverageRequest;
import dev.backtest.sdk.marketdata.DataRange;
import dev.backtest.sdk.marketdata.HotTierStats;
import dev.backtest.sdk.marketdata.ImportReport;
import dev.backtest.sdk.marketdata.MarketDataListener;
import dev.backtest.sdk.marketdata.MarketDataService;
import dev.backtest.sdk.marketdata.RefreshReport;
import dev.backtest.sdk.marketdata.RefreshRequest;
import dev.backtest.sdk.marketdata.SourceResolution;
import dev.backtest.sdk.marketdata.Symbols;
import dev.backtest.sdk.storage.ObjectStore;
import dev.backtest.sdk.storage.internal.ObjectFileCache;
import dev.backtest.sdk.task.TaskKind;
import dev.backtest.sdk.task.TaskStatus;
import dev.backtest.sdk.task.internal.DataTaskLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@link MarketDataService} over the object store: listings, the file cache, DuckDB aggregation and the result cache;
 * imports and refreshes through the one verified merge ({@link YearMerger}), recorded as tasks when a
 * {@link DataTaskLog} is given.
 *
 * <pre>{@code
 * MarketDataService service = new StoredMarketData(store, new ObjectFileCache(dir.resolve("cache"), store), duckDb,
 *         1_000_000, 256L << 20, 256L << 20, Clock.systemUTC(), MarketDataListener.NONE, new DataTaskLog(database, Clock.systemUTC()));
 * }</pre>
 */
public final class StoredMarketData implements MarketDataService, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StoredMarketData.class);

    private final StoredObjects objects;
    private final ObjectFileCache files;
    private final CandleAggregator aggregator;
    private final CandleImporter importer;
    private final Refresher refresher;
    /** Null: imports and refreshes are not recorded as tasks. */
    private final DataTaskLog tasks;
    private final CandleCache cache;
    private final HotTier hot;
    private final CoverageScan coverage;
    private static final long BOUNDS_BYTES = 8L * 1024 * 1024;
    /** Years a query may decode into the hot tier; a longer range not yet hot is a scan left to DuckDB. */
    static final int HOT_DECODES_PER_QUERY = 2;

    /** One background refresh at a time, on a thread started at the first. */
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "backtest-refresh");
        t.setDaemon(true);
        return t;
    });

    private final long maxRows;
    private final Clock clock;
    private final MarketDataListener listener;
    /** The first and last minute of each file version read so far ({@code key@etag}): a few dozen bytes each. */
    private final Cache<String, long[]> boundsByFile = Caffeine.newBuilder()
            .maximumWeight(BOUNDS_BYTES)
            .weigher((String id, long[] b) -> 2 * id.length() + 64)
            .build();

    /** The timeframes daily bars serve. */
    static final Set<Timeframe> DAILY_TIMEFRAMES = EnumSet.of(Timeframe.D1, Timeframe.W1, Timeframe.MN1);

    /** A service that records no tasks (tests of the candle path). */
    public StoredMarketData(ObjectStore store, ObjectFileCache files, DuckDb duckDb, long maxRows, long cacheBytes, Clock clock,
                             MarketDataListener listener) {
        this(store, files, duckDb, maxRows, cacheBytes, clock, listener, null);
    }

    /** A service recording imports and refreshes in {@code tasks}, without a hot tier. */
    public StoredMarketData(ObjectStore store, ObjectFileCache files, DuckDb duckDb, long maxRows, long cacheBytes, Clock clock,
                             MarketDataListener listener, DataTaskLog tasks) {
        this(store, files, duckDb, maxRows, cacheBytes, 0, clock, listener, tasks, YearMerger.Stages.NONE);
    }

    /**
     * A service recording imports and refreshes in {@code tasks}, keeping up to {@code hotTierBytes} of decoded yearly
     * files in memory ({@link HotTier}; 0: none).
     */
    public StoredMarketData(ObjectStore store, ObjectFileCache files, DuckDb duckDb, long maxRows, long cacheBytes, long hotTierBytes,
                             Clock clock, MarketDataListener listener, DataTaskLog tasks) {
        this(store, files, duckDb, maxRows, cacheBytes, hotTierBytes, clock, listener, tasks, YearMerger.Stages.NONE);
    }

    /** With a test's hooks into the merge. */
    StoredMarketData(ObjectStore store, ObjectFileCache files, DuckDb duckDb, long maxRows, long cacheBytes, long hotTierBytes,
                     Clock clock, MarketDataListener listener, DataTaskLog tasks, YearMerger.Stages stages) {
        this.objects = new StoredObjects(store, clock);
        this.files = files;
        this.aggregator = new CandleAggregator(duckDb);
        YearMerger merger = new YearMerger(store, duckDb, aggregator, files.directory().resolveSibling("import-tmp"), stages);
        this.importer = new CandleImporter(duckDb, merger);
        this.refresher = new Refresher(store, merger, clock, tasks);
        this.tasks = tasks;
        this.cache = new CandleCache(cacheBytes, clock);
        this.hot = new HotTier(hotTierBytes, duckDb, aggregator);
        this.coverage = new CoverageScan(objects, files, aggregator, duckDb, listener);
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
    public Coverage coverage(CoverageRequest request) {
        return coverage.scan(java.util.Objects.requireNonNull(request, "request"));
    }

    @Override
    public CandleCacheStats cacheStats() {
        return cache.stats();
    }

    @Override
    public HotTierStats hotTierStats() {
        return hot.stats();
    }

    @Override
    public long downloads() {
        return files.downloads();
    }

    @Override
    public ImportReport importCsv(String symbol, Path csv, UUID userId) {
        return recordedImport(symbol, userId, () -> importer.importCsv(symbol, csv));
    }

    @Override
    public ImportReport importParquet(String symbol, Path parquet, UUID userId) {
        return recordedImport(symbol, userId, () -> importer.importParquet(symbol, parquet));
    }

    /** An import as a task of kind {@code import}: completed with its counts, or failed with the error it throws. */
    private ImportReport recordedImport(String symbol, UUID userId, Supplier<ImportReport> work) {
        Symbols.require(symbol);
        UUID task = tasks == null ? null : tasks.start(TaskKind.IMPORT, userId, List.of(symbol));
        try {
            ImportReport report = work.get();
            if (task != null) {
                tasks.progress(task, 100, report.rowsRead(), report.objectsWritten().size());
                tasks.finish(task, TaskStatus.COMPLETED, null, null);
            }
            return report;
        } catch (RuntimeException e) {
            if (task != null) {
                try {
                    tasks.finish(task, TaskStatus.FAILED, e instanceof BacktestException b ? b.code().name() : ErrorCode.INTERNAL.name(),
                            e.getMessage());
                } catch (RuntimeException recording) {
                    e.addSuppressed(recording);
                }
            }
            throw e;
        } finally {
            // the new version has a new ETag and would not be served anyway; this frees the old one's memory now
            hot.invalidate(symbol);
            refreshListings();
        }
    }

    @Override
    public RefreshReport refresh(RefreshRequest request) {
        java.util.Objects.requireNonNull(request, "request");
        try {
            return refresher.refresh(request);
        } finally {
            forgetHot(request);
            refreshListings();
        }
    }

    /** Drops the decoded years of the refreshed symbols (their current year usually changed). */
    private void forgetHot(RefreshRequest request) {
        request.symbols().forEach(w -> hot.invalidate(w.symbol()));
    }

    @Override
    public UUID refreshInBackground(RefreshRequest request) {
        java.util.Objects.requireNonNull(request, "request");
        if (tasks == null) {
            throw new IllegalStateException("a background refresh is followed through its task: this service records none");
        }
        UUID task = refresher.open(request);
        try {
            background.execute(new BackgroundRefresh(task, request));
        } catch (RejectedExecutionException e) {
            tasks.finish(task, TaskStatus.FAILED, ErrorCode.INTERNAL.name(), "the client is closing: the refresh did not start");
            throw BacktestException.of(ErrorCode.INTERNAL, "the client is closing: the refresh did not start").with("task_id", task.toString());
        }
        return task;
    }

    /** One background refresh: its task, so a refresh dropped at shutdown can be recorded as cancelled. */
    private final class BackgroundRefresh implements Runnable {
        final UUID task;
        final RefreshRequest request;

        BackgroundRefresh(UUID task, RefreshRequest request) {
            this.task = task;
            this.request = request;
        }

        @Override
        public void run() {
            try {
                refresher.run(task, request);
            } catch (RuntimeException e) {
                LOG.warn("Background refresh {} failed", task, e);
            } finally {
                forgetHot(request);
                refreshListings();
            }
        }
    }

    /**
     * Stops the background refreshes: one in progress is interrupted (its task ends as the refresh records it), and
     * the ones that had not started are recorded as cancelled.
     */
    @Override
    public void close() {
        for (Runnable r : background.shutdownNow()) {
            if (r instanceof BackgroundRefresh b) {
                try {
                    tasks.finish(b.task, TaskStatus.CANCELLED, null, "the client closed before the refresh started");
                } catch (RuntimeException e) {
                    LOG.warn("Could not record refresh {} as cancelled", b.task, e);
                }
            }
        }
        try {
            if (!background.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("A background refresh still runs 30 s after close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
        hot.invalidate(checked);
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
        if (periods.isPresent() && periods.get().isEmpty() && r.resolution() == SourceResolution.YEARLY) {
            periods = objects.freshPeriods(r.symbol(), SourceResolution.DAILY_BARS); // a daily-only symbol
            if (periods.isPresent() && !periods.get().isEmpty() && !DAILY_TIMEFRAMES.contains(r.timeframe())) {
                return Optional.empty(); // fetch says why
            }
        }
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
    public Optional<String> dataVersion(CandleRequest r, CandleSeries answer) {
        return cache.signatureOf(new CandleCache.Key(r.symbol(), r.start(), r.end(), r.timeframe(), r.resolution()), answer);
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
        CandleSeries series = fromHotTier(r, needed);
        if (series == null) {
            List<CandleAggregator.Source> sources = new ArrayList<>(needed.size());
            for (StoredObjects.Period p : needed) {
                sources.add(source(p));
            }
            long duckStart = System.nanoTime();
            int limit = (int) Math.min(Integer.MAX_VALUE - 1L, maxRows + 1);
            series = aggregator.aggregate(r.symbol(), r.timeframe(), sources, r.start().getEpochSecond(),
                    r.end().getEpochSecond(), limit);
            listener.duckDbQuery(System.nanoTime() - duckStart);
        }
        if (series.size() > maxRows) {
            throw tooLarge(r.timeframe(), "the result has more candles than allowed");
        }
        cache.put(key, series, signature);
        listener.queryCompleted(r.symbol(), r.timeframe(), series.size(), System.nanoTime() - started, false);
        return series;
    }

    /**
     * The candles from decoded yearly files of 1-minute bars, decoding at most {@link #HOT_DECODES_PER_QUERY} of them
     * (a range within a year, or crossing New Year); null when the tier is off, the objects are not yearly minute files,
     * the range would decode more years (a long scan is DuckDB's), or a file is one the tier leaves to DuckDB.
     */
    private CandleSeries fromHotTier(CandleRequest r, List<StoredObjects.Period> needed) {
        if (!hot.enabled()) {
            return null;
        }
        int absent = 0;
        for (StoredObjects.Period p : needed) {
            if (!p.object().key().startsWith(ParquetLayout.YEARLY_ROOT)) {
                return null;
            }
            if (!hot.contains(p.object())) {
                absent++;
            }
        }
        if (absent > HOT_DECODES_PER_QUERY) {
            return null;
        }
        List<HotTier.Year> years = new ArrayList<>(needed.size());
        for (StoredObjects.Period p : needed) {
            HotTier.Year y = hot.year(p.object(), () -> source(p), p.from().getEpochSecond(), p.to().getEpochSecond());
            if (!y.hot()) {
                return null;
            }
            years.add(y);
        }
        return HotTier.aggregate(r.symbol(), r.timeframe(), years, r.start().getEpochSecond(), r.end().getEpochSecond());
    }

    /** The local copy of a period's object, downloaded when the file cache lacks it. */
    private CandleAggregator.Source source(StoredObjects.Period p) {
        return new CandleAggregator.Source(files.file(p.object(),
                nanos -> listener.objectDownloaded(p.object().key(), p.object().size(), nanos)), p.object().key());
    }

    private BacktestException tooLarge(Timeframe timeframe, String what) {
        return BacktestException.of(ErrorCode.RESULT_TOO_LARGE, what + ": more than " + maxRows + " candles (limit CANDLE_MAX_ROWS); "
                + "use a coarser timeframe than " + timeframe.code() + " or a shorter date range and page").with("limit", maxRows);
    }

    /**
     * The objects overlapping the request; errors when the symbol or the range has no data at all. A {@code 1Y} request
     * for a symbol with no yearly minute files reads its daily bars ({@code 1D}) if it has any.
     */
    private List<StoredObjects.Period> needed(CandleRequest r) {
        SourceResolution layout = r.resolution();
        List<StoredObjects.Period> periods = objects.periods(r.symbol(), layout);
        if (periods.isEmpty() && layout == SourceResolution.YEARLY) {
            List<StoredObjects.Period> daily = objects.periods(r.symbol(), SourceResolution.DAILY_BARS);
            if (!daily.isEmpty()) {
                layout = SourceResolution.DAILY_BARS;
                periods = daily;
            }
        }
        if (periods.isEmpty()) {
            throw BacktestException.of(ErrorCode.SYMBOL_NOT_FOUND, "no " + r.resolution().code() + " data for symbol '"
                    + r.symbol() + "'; known symbols: " + objects.symbols(r.resolution())).with("symbol", r.symbol());
        }
        if (layout.dailyBars() && !DAILY_TIMEFRAMES.contains(r.timeframe())) {
            throw BacktestException.of(ErrorCode.INVALID_TIMEFRAME, r.symbol() + " is stored daily: 1d, 1w, 1M; timeframe "
                            + r.timeframe().code() + " needs 1-minute bars")
                    .with("symbol", r.symbol()).with("timeframe", r.timeframe().code()).with("available", List.of("1d", "1w", "1M"));
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
            DataRange available = range(r.symbol(), layout).orElseThrow();
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
