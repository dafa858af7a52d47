package dev.backtest.sdk;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.asset.AssetService;
import dev.backtest.sdk.asset.internal.JpaAssetService;
import dev.backtest.sdk.audit.Actor;
import dev.backtest.sdk.audit.AuditService;
import dev.backtest.sdk.audit.internal.Auditor;
import dev.backtest.sdk.audit.internal.JpaAuditService;
import dev.backtest.sdk.backtest.BacktestService;
import dev.backtest.sdk.backtest.internal.JpaBacktestService;
import dev.backtest.sdk.config.BacktestConfig;
import dev.backtest.sdk.config.ConfigKey;
import dev.backtest.sdk.index.IndexService;
import dev.backtest.sdk.index.internal.IndexExecutor;
import dev.backtest.sdk.index.internal.JpaIndexService;
import dev.backtest.sdk.index.internal.SampleIndexes;
import dev.backtest.sdk.internal.Entities;
import dev.backtest.sdk.marketdata.CandleQuery;
import dev.backtest.sdk.marketdata.MarketDataListener;
import dev.backtest.sdk.marketdata.MarketDataService;
import dev.backtest.sdk.marketdata.internal.DuckDb;
import dev.backtest.sdk.marketdata.internal.SampleData;
import dev.backtest.sdk.marketdata.internal.ScheduledRefresh;
import dev.backtest.sdk.marketdata.internal.StoredMarketData;
import dev.backtest.sdk.ml.ModelService;
import dev.backtest.sdk.ml.internal.ModelStore;
import dev.backtest.sdk.ml.internal.StoreModelService;
import dev.backtest.sdk.ml.internal.StrategyCatalog;
import dev.backtest.sdk.optimization.OptimizationService;
import dev.backtest.sdk.optimization.internal.JpaOptimizationService;
import dev.backtest.sdk.walkforward.WalkForwardService;
import dev.backtest.sdk.walkforward.internal.JpaWalkForwardService;
import dev.backtest.sdk.walkforward.internal.WalkForwardWorker;
import dev.backtest.sdk.optimization.internal.OptimizationExecutor;
import dev.backtest.sdk.persistence.PoolStats;
import dev.backtest.sdk.persistence.internal.Database;
import dev.backtest.sdk.persistence.internal.Retention;
import dev.backtest.sdk.portfolio.PortfolioQuery;
import dev.backtest.sdk.run.QueueDepth;
import dev.backtest.sdk.run.RunListener;
import dev.backtest.sdk.run.RunService;
import dev.backtest.sdk.run.RunTiming;
import dev.backtest.sdk.run.internal.CandleSource;
import dev.backtest.sdk.run.internal.JpaRunService;
import dev.backtest.sdk.run.internal.RunExecutor;
import dev.backtest.sdk.run.internal.RunQueue;
import dev.backtest.sdk.source.BarSource;
import dev.backtest.sdk.source.internal.Sources;
import dev.backtest.sdk.storage.ObjectStore;
import dev.backtest.sdk.storage.StoreStatus;
import dev.backtest.sdk.storage.internal.LocalFolderObjectStore;
import dev.backtest.sdk.storage.internal.MinioObjectStore;
import dev.backtest.sdk.storage.internal.ObjectFileCache;
import dev.backtest.sdk.report.ReportService;
import dev.backtest.sdk.report.internal.JpaReportService;
import dev.backtest.sdk.strategy.StrategyService;
import dev.backtest.sdk.strategy.internal.JpaStrategyService;
import dev.backtest.sdk.task.TaskService;
import dev.backtest.sdk.task.internal.DataTaskLog;
import dev.backtest.sdk.scenario.ScenarioService;
import dev.backtest.sdk.scenario.internal.StoredScenarioService;
import dev.backtest.sdk.task.internal.JpaTaskService;
import dev.backtest.sdk.trade.TradeService;
import dev.backtest.sdk.trade.internal.JpaTradeService;
import dev.backtest.sdk.user.UserService;
import dev.backtest.sdk.user.internal.JpaUserService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The entry point of the SDK: one thread-safe, {@link AutoCloseable} client that owns the database
 * pool (migrated on start), the object store and the DuckDB instance. Build one per application and
 * share it; {@link #close()} releases every thread, connection and file handle.
 *
 * <p>Configuration comes from builder calls, then system properties, then environment variables,
 * with embedded defaults (an H2 file database and a local object store under {@code ./backtest-data}; sample
 * candles only when asked with {@link Builder#sampleData(boolean)}) — see {@link ConfigKey}. Opening a client
 * logs nothing at INFO.
 *
 * <p>Every write through {@link #strategies()}, {@link #backtests()}, {@link #trades()}, {@link #runs()} and
 * {@link #optimizations()} adds one event to the audit trail ({@link #audit()}) as {@code Actor.user(userId)};
 * {@link #as(Actor)} gives the same services writing as an administrator or the admin token, with a request id.
 *
 * <pre>{@code
 * try (BacktestClient client = BacktestClient.builder().embedded(Path.of("./data")).build()) {
 *     System.out.println(client.health().up());
 * }
 * }</pre>
 */
public final class BacktestClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BacktestClient.class);
    /** Distinguishes the pools of several clients in one JVM (thread and application names). */
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final BacktestConfig config;
    private final Database database;
    private final ObjectStore storage;
    private final DuckDb duckDb;
    private final MarketDataService marketData;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final EngineView engine;
    private final UserService users;
    private final StrategyService strategies;
    private final BacktestService backtests;
    private final TradeService trades;
    private final RunQueue runQueue;
    private final RunService runs;
    private final OptimizationService optimizations;
    private final WalkForwardWorker walkForwardWorker = new WalkForwardWorker();
    private final WalkForwardWorker scenarioWorker = new WalkForwardWorker("scenario");
    private final ScenarioService scenarios;
    private final WalkForwardService walkForwards;
    private final Auditor auditor;
    private final AuditService audit;
    private final Retention retention;
    private final TaskService tasks;
    private final ReportService reports;
    private final Map<String, BarSource> sources;
    private final AssetService assets;
    private final IndexService indexes;
    private final StrategyCatalog catalog;
    private final ModelService models;

    private BacktestClient(BacktestConfig config, Database database, ObjectStore storage, DuckDb duckDb, MarketDataService marketData,
                           RunQueue runQueue, Auditor auditor, AuditService audit, Retention retention, Map<String, BarSource> sources) {
        this.config = config;
        this.sources = sources;
        this.database = database;
        this.storage = storage;
        this.duckDb = duckDb;
        this.marketData = marketData;
        this.engine = new EngineView(config.optimizeMaxGrid());
        this.users = new JpaUserService(database);
        this.auditor = auditor;
        this.audit = audit;
        this.retention = retention;
        ModelStore modelStore = new ModelStore(storage);
        this.catalog = new StrategyCatalog(modelStore);
        this.strategies = new JpaStrategyService(database, auditor, catalog);
        this.backtests = new JpaBacktestService(database, config.candleMaxRows(), auditor, catalog);
        this.trades = new JpaTradeService(database, auditor);
        this.runQueue = runQueue;
        this.runs = new JpaRunService(database, runQueue, candleSource(marketData), auditor, catalog);
        this.optimizations = new JpaOptimizationService(database, runQueue, candleSource(marketData), config.optimizeMaxGrid(), auditor,
                catalog);
        this.models = new StoreModelService(modelStore, marketData::query, backtests);
        this.assets = new JpaAssetService(database, duckDb, auditor, null);
        this.indexes = indexes(auditor);
        this.tasks = new JpaTaskService(database, runs, optimizations, indexes);
        this.walkForwards = new JpaWalkForwardService(database, walkForwardWorker, candleSource(marketData), config.optimizeMaxGrid());
        this.reports = new JpaReportService(database, auditor, marketData::query);
        this.scenarios = new StoredScenarioService(storage, marketData, new DataTaskLog(database, Clock.systemUTC()), tasks, scenarioWorker);
    }

    private IndexService indexes(Auditor acting) {
        return new JpaIndexService(database, runQueue, marketData::query, acting, config.indexMaxAssets(), Clock.systemUTC());
    }

    /**
     * The services acting as {@code actor}: their writes are audited with the actor's kind and request id instead of
     * the plain services' {@code Actor.user(userId)}. Cheap (a few small objects): make one per request.
     *
     * <pre>{@code
     * client.as(Actor.admin(adminId, requestId)).strategies().delete(ownerId, strategyId);
     * client.as(Actor.adminToken(requestId)).runs().cancel(ownerId, backtestId);
     * }</pre>
     */
    public ActingClient as(Actor actor) {
        Auditor acting = auditor.as(java.util.Objects.requireNonNull(actor, "actor"));
        RunService actingRuns = new JpaRunService(database, runQueue, candleSource(marketData), acting, catalog);
        OptimizationService actingSweeps = new JpaOptimizationService(database, runQueue, candleSource(marketData),
                config.optimizeMaxGrid(), acting, catalog);
        IndexService actingIndexes = indexes(acting);
        return new ActingClient(actor, new JpaStrategyService(database, acting, catalog),
                new JpaBacktestService(database, config.candleMaxRows(), acting, catalog), new JpaTradeService(database, acting),
                actingRuns, actingSweeps, new JpaTaskService(database, actingRuns, actingSweeps, actingIndexes),
                new JpaAssetService(database, duckDb, acting, actor), actingIndexes, new JpaReportService(database, acting, marketData::query),
                walkForwards, models);
    }

    /**
     * The audit trail: every write of the services above, one event each, plus standalone events; read per user or
     * whole. Events older than {@code AUDIT_RETENTION_DAYS} are purged at start and once a day.
     *
     * <pre>{@code
     * Page<AuditEvent> mine = client.audit().list(me, AuditFilter.parse("strategy", null, null), PageRequest.first(20));
     * }</pre>
     */
    public AuditService audit() {
        return audit;
    }

    /**
     * Runs of a user's backtests, shared with every instance on the same database. This client executes runs and sweep
     * chunks on {@code BACKTEST_WORKERS} threads (0: it only queues them).
     */
    public RunService runs() {
        return runs;
    }

    /**
     * Walk-forward optimisations of a user's backtests as background tasks in this process (kind {@code walk_forward}
     * in {@link #tasks()}), each window's sweep on all cores; results are kept with them.
     *
     * <pre>{@code
     * WalkForwardView w = client.walkForwards().start(me, backtestId, new WalkForwardRequest(
     *         Map.of("fast", List.of(5, 10, 20), "slow", List.of(30, 50)), "fast < slow", "sharpe_ratio", 500, 100, null, null));
     * }</pre>
     */
    public WalkForwardService walkForwards() {
        return walkForwards;
    }

    /**
     * Scenarios run in the background for a user (kind {@code scenario} in {@link #tasks()}), their outputs kept in the
     * object store; for a scenario file on disk and no user, {@code Scenarios.run} runs it in the caller's thread.
     *
     * <pre>{@code
     * ScenarioTask t = client.scenarios().submit(me, Files.readString(Path.of("sdk-examples/scenarios/sma-cross.json")));
     * String stats = client.scenarios().output(me, t.id(), "stats.json").orElse("not finished yet");
     * }</pre>
     */
    public ScenarioService scenarios() {
        return scenarios;
    }

    /** Parameter sweeps of a user's backtests: in this process, or as queue items every instance shares. */
    public OptimizationService optimizations() {
        return optimizations;
    }

    /**
     * One view of everything that runs in the background: runs, sweeps, refreshes and imports, with progress, errors and
     * history (finished refreshes and imports are purged after {@code TASK_RETENTION_DAYS}, at start and once a day).
     * Cancels through this service are audited as {@code Actor.user(userId)}; {@code client.as(actor).tasks()} cancels as
     * an administrator.
     *
     * <pre>{@code
     * Page<TaskView> running = client.tasks().list(me, TaskFilter.parse(null, "running"), PageRequest.first(20));
     * client.tasks().cancel(me, running.items().get(0).id());
     * }</pre>
     */
    public TaskService tasks() {
        return tasks;
    }

    /** Users, created on first sight of a token subject. */
    public UserService users() {
        return users;
    }

    /**
     * Saved reports of a user: built from a completed backtest run over a period, stored with what they were built
     * from, exported as HTML, CSV or JSON.
     *
     * <pre>{@code
     * ReportView r = client.reports().create(me, new ReportRequest("period_returns", null, backtestId, null, null, null));
     * String csv = client.reports().export(me, r.id(), ReportFormat.CSV).body();
     * }</pre>
     */
    public ReportService reports() {
        return reports;
    }

    /** Saved strategies of a user (and other users' public ones, read-only). */
    public StrategyService strategies() {
        return strategies;
    }

    /**
     * Trained ML models of a user, stored in the object store ({@code models/{owner}/{id}/}); the {@code ml_predictive}
     * strategy type runs them, and refuses a run whose bars the model was trained on ({@code DATA_LEAKAGE}).
     *
     * <pre>{@code
     * ModelInfo m = client.models().train(me, TrainRequest.forBacktest("ar5", backtestId, 300, ModelSpec.autoregressive(5)));
     * Page<ModelInfo> mine = client.models().list(me, PageRequest.first(20));
     * }</pre>
     */
    public ModelService models() {
        return models;
    }

    /** Backtests of a user. */
    public BacktestService backtests() {
        return backtests;
    }

    /** Manual trades on a user's backtests, recorded atomically with the backtest's cash and metrics. */
    public TradeService trades() {
        return trades;
    }

    private static CandleSource candleSource(MarketDataService marketData) {
        return s -> marketData.query().symbol(s.symbol()).between(s.startDate(), s.endDate()).timeframe(s.timeframe()).fetch();
    }

    /** A builder configured from system properties and environment variables unless told otherwise. */
    public static Builder builder() {
        return new Builder();
    }

    public BacktestConfig config() {
        return config;
    }

    /** The object store holding the Parquet files (MinIO or the local folder). */
    public ObjectStore storage() {
        return storage;
    }

    /**
     * A new candle query.
     *
     * <pre>{@code
     * CandleSeries s = client.candles().symbol("BTC").between(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 6, 30))
     *         .timeframe(Timeframe.D1).fetch();
     * }</pre>
     */
    public CandleQuery candles() {
        return marketData.query();
    }

    /**
     * A new multi-asset portfolio over the candle store: the candles of every symbol fetched at once, then a run, an
     * investment simulation or a sweep in this process.
     *
     * <pre>{@code
     * PortfolioResult r = client.portfolios().symbols("SPY", "AGG").between(from, to).timeframe(Timeframe.D1)
     *         .options(PortfolioOptions.builder().weighting(Weighting.equal()).schedule(Schedule.monthly()).build())
     *         .run();
     * }</pre>
     */
    public PortfolioQuery portfolios() {
        return new PortfolioQuery(candles());
    }

    /**
     * The assets an index may hold, and their market caps: everyone reads; writes need an administrator, through
     * {@code client.as(actor).assets()} (here they are refused with {@code FORBIDDEN}).
     *
     * <pre>{@code
     * Page<AssetView> assets = client.assets().list(PageRequest.first(50));
     * client.as(Actor.admin(adminId, null)).assets().importMarketCaps("BTC", Path.of("btc-caps.csv"));
     * }</pre>
     */
    public AssetService assets() {
        return assets;
    }

    /**
     * Indexes: definitions owned like strategies, runs queued like backtest runs, their values, allocations,
     * benchmark, risk metrics, and investment simulations. Writes are audited as {@code Actor.user(userId)}.
     *
     * <pre>{@code
     * IndexView ix = client.indexes().create(me, IndexInput.builder().name("Majors").universe("BTC", "ETH")
     *         .startDate(LocalDate.of(2023, 1, 1)).build());
     * client.indexes().run(me, ix.id());
     * }</pre>
     */
    public IndexService indexes() {
        return indexes;
    }

    /**
     * The backtest engine: runs and parameter sweeps in this process.
     *
     * <pre>{@code
     * BacktestResult r = client.engine().run(series, Strategies.smaCross(10, 30), RunOptions.defaults());
     * }</pre>
     */
    public EngineView engine() {
        return engine;
    }

    /** Symbols, available ranges and cache statistics of the market data; imports and refreshes. */
    public MarketDataService marketData() {
        return marketData;
    }

    /**
     * The market-data sources this client refreshes from, by name ({@code yahoo}, {@code binance}, ...): the ones given
     * to {@link Builder#sources(Map)}, else those the configuration enables ({@code DATA_SOURCES}); none by default.
     *
     * <pre>{@code
     * RefreshReport r = client.marketData().refresh(client.config().refreshSymbols(), client.sources(), adminId);
     * }</pre>
     */
    public Map<String, BarSource> sources() {
        return sources;
    }

    /**
     * The figures an operator looks at: the connection pool, the run queue, the object store, DuckDB's memory, the
     * JVM and the candle caches. Each part is read on its own, so this answers while a dependency is down.
     *
     * <pre>{@code
     * Diagnostics d = client.diagnostics();
     * d.queue().forEach(q -> System.out.println(q.task() + ": " + q.queued() + " waiting"));
     * }</pre>
     */
    public Diagnostics diagnostics() {
        Instant now = Instant.now();
        List<QueueDepth> queue = List.of();
        String queueError = null;
        try {
            queue = RunQueue.depth(database.dataSource(), now);
        } catch (BacktestException e) {
            queueError = e.getMessage();
        }
        return new Diagnostics(now, database.poolStats(), queue, queueError, Diagnostics.Store.of(storage.status()), duckDb.memoryBytes(),
                Diagnostics.Jvm.now(),
                marketData.cacheStats(), marketData.downloads());
    }

    /** The connection pool now: cheap, for a metrics scrape. */
    public PoolStats poolStats() {
        return database.poolStats();
    }

    /**
     * The run queue per task kind now (one query of {@code scheduled_tasks}).
     *
     * @throws BacktestException {@link ErrorCode#DATABASE_UNAVAILABLE} when the database cannot be asked
     */
    public List<QueueDepth> queueDepth() {
        return RunQueue.depth(database.dataSource(), Instant.now());
    }

    /** Checks the database, the object store and DuckDB; never throws. */
    public HealthReport health() {
        return new HealthReport(List.of(checkDatabase(), checkStorage(), checkDuckDb()));
    }

    /** Whether a pooled connection answers a query, and how fast. */
    public DependencyHealth checkDatabase() {
        return check("database", database::ping, database.kind().name().toLowerCase(java.util.Locale.ROOT));
    }

    /** Whether the object store is reachable and its bucket exists, and how fast it answered. */
    public DependencyHealth checkStorage() {
        StoreStatus s = storage.status();
        return new DependencyHealth("object_store", s.healthy(), s.latency(),
                s.kind() + " " + s.location() + " bucket " + s.bucket() + s.error().map(e -> ": " + e).orElse(""));
    }

    /** Whether DuckDB answers a query, and how fast. */
    public DependencyHealth checkDuckDb() {
        return check("duckdb", duckDb::ping, "in-process");
    }

    private static DependencyHealth check(String name, java.util.function.Supplier<Duration> probe, String detail) {
        long start = System.nanoTime();
        try {
            return new DependencyHealth(name, true, probe.get(), detail);
        } catch (RuntimeException e) {
            return new DependencyHealth(name, false, Duration.ofNanos(System.nanoTime() - start), detail + ": " + e.getMessage());
        }
    }

    /** Releases the database pool, the object store's HTTP client and DuckDB. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // Workers first: a run or a refresh in progress still needs the database and the candles.
        closeAll(walkForwardWorker, scenarioWorker, retention, runQueue, marketData instanceof AutoCloseable refreshes ? refreshes : null, duckDb, storage, database);
        LOG.debug("Backtest client closed");
    }

    private static void closeAll(AutoCloseable... resources) {
        RuntimeException failure = null;
        for (AutoCloseable r : resources) {
            if (r == null) {
                continue;
            }
            try {
                r.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new BacktestException(ErrorCode.INTERNAL, "closing " + r.getClass().getSimpleName() + " failed: " + e, e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Builds a {@link BacktestClient}. */
    public static final class Builder {
        private final BacktestConfig.Builder settings = BacktestConfig.builder();
        private BacktestConfig config;
        private Clock clock = Clock.systemUTC();
        private MarketDataListener listener = MarketDataListener.NONE;
        private RunListener runListener = RunListener.NONE;
        /** Null: {@code CANDLE_CACHE_BYTES}. */
        private Long candleCacheBytes;
        /** Null: {@code CANDLE_HOT_TIER_BYTES}. */
        private Long candleHotTierBytes;
        /** Null: derived from {@code RUN_LEASE_SECONDS}. */
        private RunTiming runTiming;
        private java.util.function.Function<BacktestConfig, Map<String, BarSource>> sources = Builder::enabledSources;
        /** Null: {@code REFRESH_INTERVAL}. */
        private Duration refreshInterval;

        private Builder() {
        }

        /** Uses exactly this configuration (other builder calls are then ignored). */
        public Builder config(BacktestConfig config) {
            this.config = config;
            return this;
        }

        /** Embedded defaults under {@code dataDir}: H2 file database, local object store, file cache. */
        public Builder embedded(Path dataDir) {
            settings.dataDir(dataDir);
            return this;
        }

        public Builder set(ConfigKey key, String value) {
            settings.set(key, value);
            return this;
        }

        public Builder databaseUrl(String url) {
            settings.databaseUrl(url);
            return this;
        }

        public Builder minio(String endpoint, String accessKey, String secretKey) {
            settings.minio(endpoint, accessKey, secretKey);
            return this;
        }

        /**
         * Whether an empty local store is seeded with sample candles: 1-minute bars of BTC, ETH and EURUSD over
         * 2023–2024, about 50 MiB written on first open (default false; the server seeds by default).
         */
        public Builder sampleData(boolean seed) {
            settings.sampleData(seed);
            return this;
        }

        /**
         * Told when this client's workers start and finish runs (the server counts and times them).
         *
         * <pre>{@code
         * BacktestClient.builder().runListener(new RunListener() { ... }).build();
         * }</pre>
         */
        public Builder runListener(RunListener runListener) {
            this.runListener = java.util.Objects.requireNonNull(runListener, "runListener");
            return this;
        }

        /** Receives timings of candle queries, downloads and DuckDB work (for metrics). */
        public Builder marketDataListener(MarketDataListener listener) {
            this.listener = java.util.Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** The clock deciding which candle ranges touch today (tests inject a fixed one). */
        public Builder clock(Clock clock) {
            this.clock = java.util.Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The most memory the candle result cache may hold; overrides {@code CANDLE_CACHE_BYTES} (default 256 MiB, or a
         * sixteenth of the heap when less; 0 turns the cache off).
         *
         * <pre>{@code
         * BacktestClient.builder().candleCacheBytes(64L << 20).build();
         * }</pre>
         */
        public Builder candleCacheBytes(long bytes) {
            if (bytes < 0) {
                throw BacktestException.of(ErrorCode.INVALID_CONFIG, "candle cache size " + bytes + " is negative; accepted: 0 or more bytes")
                        .with("key", ConfigKey.CANDLE_CACHE_BYTES.name());
            }
            this.candleCacheBytes = bytes;
            return this;
        }

        /**
         * The most memory the candle hot tier may hold: yearly files of 1-minute bars kept decoded, so queries over them
         * need no DuckDB scan; overrides {@code CANDLE_HOT_TIER_BYTES} (default 256 MiB, or a quarter of the heap when
         * less; 0 turns the tier off).
         *
         * <pre>{@code
         * BacktestClient.builder().candleHotTierBytes(1L << 30).build();   // about 40 symbol-years of 1-minute bars
         * }</pre>
         */
        public Builder candleHotTierBytes(long bytes) {
            if (bytes < 0) {
                throw BacktestException.of(ErrorCode.INVALID_CONFIG, "candle hot tier size " + bytes
                        + " is negative; accepted: 0 or more bytes").with("key", ConfigKey.CANDLE_HOT_TIER_BYTES.name());
            }
            this.candleHotTierBytes = bytes;
            return this;
        }

        /**
         * Polling, heartbeat and retry timing of the run queue, for runs and sweep chunks (tests shorten it); overrides
         * {@code RUN_LEASE_SECONDS}.
         */
        public Builder runTiming(RunTiming timing) {
            this.runTiming = java.util.Objects.requireNonNull(timing, "timing");
            return this;
        }

        /**
         * The market-data sources by name, instead of those the configuration enables: the scheduled refresh of
         * {@code REFRESH_SYMBOLS} uses them (it runs only when {@code DATA_SOURCES} and {@code REFRESH_SYMBOLS} are set),
         * and {@link BacktestClient#sources()} returns them. Default: the providers {@code DATA_SOURCES} enables.
         *
         * <pre>{@code
         * BacktestClient.builder().set(ConfigKey.DATA_SOURCES, "yahoo").set(ConfigKey.REFRESH_SYMBOLS, "SPY:yahoo")
         *         .sources(Map.of("yahoo", myYahooSource)).build();
         * }</pre>
         */
        public Builder sources(Map<String, BarSource> sources) {
            Map<String, BarSource> copy = Map.copyOf(java.util.Objects.requireNonNull(sources, "sources"));
            this.sources = cfg -> copy;
            return this;
        }

        /** The sources built from the final configuration by {@code factory} (for example a host's own providers). */
        public Builder sources(java.util.function.Function<BacktestConfig, Map<String, BarSource>> factory) {
            this.sources = java.util.Objects.requireNonNull(factory, "factory");
            return this;
        }

        /** How often the watchlist is refreshed, overriding {@code REFRESH_INTERVAL} and its one-minute minimum (tests shorten it). */
        public Builder refreshInterval(Duration interval) {
            if (interval == null || interval.isNegative() || interval.isZero()) {
                throw BacktestException.of(ErrorCode.INVALID_CONFIG, "refresh interval " + interval + " is not valid; accepted: a positive duration");
            }
            this.refreshInterval = interval;
            return this;
        }

        /** The providers the configuration enables ({@code DATA_SOURCES}): the default of {@link #sources(Map)}. */
        private static Map<String, BarSource> enabledSources(BacktestConfig cfg) {
            return Sources.enabled(cfg);
        }

        /** Ignores system properties and environment variables. */
        public Builder ignoreEnvironment() {
            settings.ignoreEnvironment();
            return this;
        }

        /**
         * Validates the configuration, opens and migrates the database, opens the object store and
         * DuckDB, and seeds an empty local store with sample data.
         *
         * @throws BacktestException {@link ErrorCode#INVALID_CONFIG} for a malformed setting,
         *         {@link ErrorCode#DATABASE_UNAVAILABLE} or {@link ErrorCode#STORAGE_UNAVAILABLE} when a dependency cannot be reached
         */
        public BacktestClient build() {
            BacktestConfig cfg = config != null ? config : settings.build();
            long start = System.nanoTime();
            createDirectory(cfg.dataDir());
            int instance = INSTANCES.incrementAndGet();
            Database database = null;
            ObjectStore storage = null;
            DuckDb duckDb = null;
            RunQueue runQueue = null;
            Retention retention = null;
            StoredMarketData marketData = null;
            // The database (connection, Flyway, EclipseLink) opens on a thread of its own while this one opens the object
            // store and DuckDB and writes the sample candles: they do not depend on each other (issue 19, start-up).
            FutureTask<Database> opening = new FutureTask<>(() -> Database.open(cfg.databaseUrl(), new Database.Startup(cfg.dbPoolMin(),
                    cfg.dbPoolMax(), "backtest-db-" + instance, cfg.dbConnectRetries(), cfg.dbBaselineOnMigrate()), Entities.ALL));
            Thread opener = new Thread(opening, "backtest-db-open-" + instance);
            opener.setDaemon(true);
            opener.start();
            try {
                try {
                    long phase = System.nanoTime();
                    storage = openStorage(cfg);
                    LOG.debug("Start-up: object store opened in {} ms", millisSince(phase));
                    phase = System.nanoTime();
                    duckDb = DuckDb.open(cfg.dataDir().resolve("duckdb-tmp"), Runtime.getRuntime().availableProcessors());
                    LOG.debug("Start-up: DuckDB opened in {} ms", millisSince(phase));
                    // the sample assets and index go with the sample candles, which only the local store gets
                    if (cfg.sampleData() && storage instanceof LocalFolderObjectStore) {
                        phase = System.nanoTime();
                        SampleData.seedIfEmpty(storage, duckDb, cfg.dataDir());
                        LOG.debug("Start-up: sample candles checked or written in {} ms", millisSince(phase));
                    }
                } catch (RuntimeException e) {
                    // the database's failure comes first, as when it was opened first
                    database = awaitDatabase(opening, e);
                    throw e;
                }
                database = awaitDatabase(opening, null);
                LOG.debug("Start-up: database opened and migrated {} ms after the start", millisSince(start));
                if (cfg.sampleData() && storage instanceof LocalFolderObjectStore) {
                    SampleIndexes.seedIfEmpty(database);
                }
                DataTaskLog dataTasks = new DataTaskLog(database, Clock.systemUTC());
                marketData = new StoredMarketData(storage,
                        new ObjectFileCache(cfg.dataDir().resolve("cache"), storage), duckDb, cfg.candleMaxRows(),
                        candleCacheBytes != null ? candleCacheBytes : cfg.candleCacheBytes(),
                        candleHotTierBytes != null ? candleHotTierBytes : cfg.candleHotTierBytes(), clock, listener, dataTasks);
                Map<String, BarSource> enabled = Map.copyOf(sources.apply(cfg));
                RunQueue.Recurring refresh = ScheduledRefresh.of(cfg, enabled, marketData)
                        .map(r -> new RunQueue.Recurring(ScheduledRefresh.TASK_NAME,
                                refreshInterval != null ? refreshInterval : cfg.refreshInterval(), !cfg.skipStartupRefresh(), r))
                        .orElse(null);
                String worker = workerName(instance);
                StrategyCatalog catalog = new StrategyCatalog(new ModelStore(storage));
                RunExecutor runs = new RunExecutor(database, candleSource(marketData), worker, runListener, catalog);
                OptimizationExecutor sweepChunks = new OptimizationExecutor(database, candleSource(marketData), worker, catalog);
                RunQueue.Handlers handlers = new RunQueue.Handlers(runs, sweepChunks,
                        new IndexExecutor(database, marketData::query, worker, Clock.systemUTC()));
                RunTiming timing = runTiming != null ? runTiming : RunTiming.forLease(Duration.ofSeconds(cfg.runLeaseSeconds()));
                runQueue = cfg.databaseUrl().inProcess()
                        ? RunQueue.startOnDemand(database.dataSource(), cfg.workers(), worker, handlers, timing, refresh)
                        : RunQueue.start(database.dataSource(), cfg.workers(), worker, handlers, timing, refresh);
                Auditor auditor = new Auditor(database, Clock.systemUTC());
                AuditService audit = new JpaAuditService(auditor);
                retention = Retention.start(List.of(
                        new Retention.Purge("audit events", Duration.ofDays(cfg.auditRetentionDays()), audit::purgeOlderThan),
                        new Retention.Purge("finished refreshes and imports", Duration.ofDays(cfg.taskRetentionDays()),
                                dataTasks::purgeFinishedBefore)), Clock.systemUTC());
                LOG.debug("Backtest client started in {} ms: {}", (System.nanoTime() - start) / 1_000_000, cfg);
                return new BacktestClient(cfg, database, storage, duckDb, marketData, runQueue, auditor, audit, retention, enabled);
            } catch (RuntimeException e) {
                try {
                    closeAll(retention, runQueue, marketData, duckDb, storage, database);
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }

        /**
         * The database being opened on its own thread. With {@code other} (a failure of the other start-up work), the
         * database's own failure is thrown instead, {@code other} suppressed; an opened database is returned for closing.
         */
        private static Database awaitDatabase(FutureTask<Database> opening, RuntimeException other) {
            try {
                return opening.get();
            } catch (ExecutionException e) {
                RuntimeException failure = e.getCause() instanceof RuntimeException r ? r
                        : new BacktestException(ErrorCode.INTERNAL, "opening the database failed: " + e.getCause(), e.getCause());
                if (other != null) {
                    failure.addSuppressed(other);
                }
                throw failure;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                opening.cancel(true);
                throw new BacktestException(ErrorCode.INTERNAL, "interrupted while opening the database", e);
            }
        }

        private static long millisSince(long nanos) {
            return (System.nanoTime() - nanos) / 1_000_000;
        }

        /** Unique per client across the cluster: host, process and the client's number in the process. */
        private static String workerName(int instance) {
            String host;
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                host = "unknown-host";
            }
            String name = host + "-" + ProcessHandle.current().pid() + "-" + instance;
            return name.length() <= 100 ? name : name.substring(name.length() - 100);
        }

        private static ObjectStore openStorage(BacktestConfig cfg) {
            if (cfg.minioEndpoint().isPresent()) {
                MinioObjectStore minio = new MinioObjectStore(cfg.minioEndpoint().get(), cfg.minioAccessKey().orElseThrow(),
                        cfg.minioSecretKey().orElseThrow(), cfg.minioBucket());
                try {
                    minio.ensureBucket();
                    return minio;
                } catch (RuntimeException e) {
                    minio.close();
                    throw e;
                }
            }
            return new LocalFolderObjectStore(cfg.dataDir().resolve("objects").resolve(cfg.minioBucket()), cfg.minioBucket());
        }

        private static void createDirectory(Path dir) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw BacktestException.of(ErrorCode.INVALID_CONFIG, "BACKTEST_DATA_DIR: cannot create '" + dir + "': " + e
                        + "; accepted: " + ConfigKey.BACKTEST_DATA_DIR.acceptedForm()).with("key", "BACKTEST_DATA_DIR");
            }
            if (!Files.isWritable(dir)) {
                throw BacktestException.of(ErrorCode.INVALID_CONFIG, "BACKTEST_DATA_DIR: '" + dir + "' is not writable; accepted: "
                        + ConfigKey.BACKTEST_DATA_DIR.acceptedForm()).with("key", "BACKTEST_DATA_DIR");
            }
        }
    }
}
