package dev.backtest.server.openapi;

/**
 * Names shared by the OpenAPI annotations of the resources, {@link ContractSchemas} (which declares
 * the component schemas) and {@link ContractFilter}: a reference and its target cannot drift apart.
 */
public final class OpenApiNames {

    /** The media type of every error body. */
    public static final String MEDIA_TYPE = "application/problem+json";
    /** The component schema of an error body. */
    public static final String SCHEMA = "Problem";

    public static final String FIELD_ERROR = "FieldError";
    public static final String STRATEGY = "Strategy";
    public static final String STRATEGY_INPUT = "StrategyInput";
    public static final String STRATEGY_PAGE = "StrategyPage";
    public static final String BACKTEST = "Backtest";
    public static final String BACKTEST_INPUT = "BacktestInput";
    public static final String BACKTEST_METRICS = "BacktestMetrics";
    public static final String BACKTEST_PAGE = "BacktestPage";
    public static final String RUN = "Run";
    public static final String RUN_RESULTS = "RunResults";
    public static final String RUN_STATS = "RunStats";
    public static final String EQUITY_CURVE = "EquityCurve";
    public static final String RUN_TRADE = "RunTrade";
    public static final String RUN_TRADE_PAGE = "RunTradePage";
    public static final String OPTIMIZE_REQUEST = "OptimizeRequest";
    public static final String OPTIMIZE_RESULT = "OptimizeResult";
    public static final String OPTIMIZE_ENTRY = "OptimizeEntry";
    public static final String OPTIMIZATION = "Optimization";
    public static final String WALK_FORWARD_REQUEST = "WalkForwardRequest";
    public static final String SCENARIO = "Scenario";
    public static final String SCENARIO_TASK = "ScenarioTask";
    public static final String WALK_FORWARD = "WalkForward";
    public static final String TRADE = "Trade";
    public static final String TRADE_INPUT = "TradeInput";
    public static final String TRADE_PAGE = "TradePage";
    public static final String RECORDED_TRADE = "RecordedTrade";
    public static final String USER = "User";
    public static final String CANDLE = "Candle";
    public static final String CANDLES = "Candles";
    public static final String CANDLE_BATCH = "CandleBatch";
    public static final String HEALTH_DETAILS = "HealthDetails";
    public static final String USER_PAGE = "UserPage";
    public static final String AUDIT_EVENT = "AuditEvent";
    public static final String AUDIT_EVENT_PAGE = "AuditEventPage";
    public static final String DIAGNOSTICS = "Diagnostics";
    public static final String CACHE_CLEARED = "CacheCleared";
    public static final String IMPORT_REPORT = "ImportReport";
    public static final String READINESS = "Readiness";
    public static final String TASK = "TaskView";
    public static final String TASK_PAGE = "TaskPage";
    public static final String COVERAGE = "Coverage";
    public static final String COVERAGE_LAYOUT = "CoverageLayout";
    public static final String DAY_SPAN = "DaySpan";
    public static final String PARTIAL_DAY = "PartialDay";
    public static final String MINUTE_SPAN = "MinuteSpan";
    public static final String RUN_PAGE = "RunPage";
    public static final String REPORT = "Report";
    public static final String MODEL = "Model";
    public static final String MODEL_PAGE = "ModelPage";
    public static final String MODEL_SPEC = "ModelSpec";
    public static final String TRAIN_REQUEST = "TrainRequest";
    public static final String REPORT_PAGE = "ReportPage";
    public static final String REPORT_REQUEST = "ReportRequest";
    public static final String REPORT_CONTENT = "ReportContent";
    public static final String REPORT_SOURCE = "ReportSource";
    public static final String REPORT_SUMMARY = "ReportSummary";
    public static final String REPORT_EQUITY = "ReportEquity";
    public static final String REPORT_INDEX = "ReportIndex";
    public static final String REPORT_BENCHMARK = "ReportBenchmark";
    public static final String PERIOD_RETURN = "PeriodReturn";
    public static final String ASSET = "Asset";
    public static final String ASSET_INPUT = "AssetInput";
    public static final String ASSET_PAGE = "AssetPage";
    public static final String MARKET_CAP = "MarketCap";
    public static final String MARKET_CAP_LIST = "MarketCapList";
    public static final String MARKET_CAP_IMPORT = "MarketCapImport";
    public static final String INDEX = "Index";
    public static final String INDEX_INPUT = "IndexInput";
    public static final String INDEX_PAGE = "IndexPage";
    public static final String INDEX_RUN = "IndexRun";
    public static final String INDEX_VALUE = "IndexValue";
    public static final String INDEX_CURRENT = "IndexCurrent";
    public static final String INDEX_HISTORY = "IndexHistory";
    public static final String INDEX_ALLOCATION = "IndexAllocation";
    public static final String ALLOCATION_SET = "AllocationSet";
    public static final String ALLOCATION_SET_LIST = "AllocationSetList";
    public static final String INDEX_BENCHMARK = "IndexBenchmark";
    public static final String BENCHMARK_POINT = "BenchmarkPoint";
    public static final String PORTFOLIO_STATS = "PortfolioStats";
    public static final String SIMULATION_REQUEST = "SimulationRequest";
    public static final String SIMULATION_RESULT = "SimulationResult";
    /** The item of the deprecated {@code GET /items}; scanned from {@code LegacyItemsResource.Item}. */
    public static final String ITEM = "Item";
    public static final String ITEM_LIST = "ItemList";

    /** Component responses every protected operation shares (added by {@link ContractFilter}). */
    public static final String UNAUTHORIZED = "Unauthorized";
    public static final String TOO_MANY_REQUESTS = "TooManyRequests";

    /** Where component responses live; a resource names one with {@code @APIResponse(responseCode = "503", ref = ...)}. */
    public static final String RESPONSES = "#/components/responses/";
    /** 503 from any operation that reads the object store. */
    public static final String STORAGE_UNAVAILABLE = RESPONSES + "StorageUnavailable";
    /** 404 from any operation on one of the caller's backtests. */
    public static final String BACKTEST_NOT_FOUND = RESPONSES + "BacktestNotFound";
    /** 403 from the admin routes to a caller without the admin role. */
    public static final String FORBIDDEN = RESPONSES + "Forbidden";
    /** 404 from any operation on one task. */
    public static final String TASK_NOT_FOUND = RESPONSES + "TaskNotFound";
    /** 404 from any operation on one saved report. */
    public static final String REPORT_NOT_FOUND = RESPONSES + "ReportNotFound";
    /** 404 from any operation on one of the caller's models. */
    public static final String MODEL_NOT_FOUND = RESPONSES + "ModelNotFound";
    /** 404 from any operation on one of the caller's indexes. */
    public static final String INDEX_NOT_FOUND = RESPONSES + "IndexNotFound";
    /** 404 from the operations reading what an index's latest completed run stored. */
    public static final String INDEX_RESULTS_NOT_FOUND = RESPONSES + "IndexResultsNotFound";
    /** 404 from any operation on one asset. */
    public static final String ASSET_NOT_FOUND = RESPONSES + "AssetNotFound";
    /** 400 from any list operation with bad paging parameters. */
    public static final String INVALID_PAGE = RESPONSES + "InvalidPage";

    /** 200 of the one-symbol candle operations: JSON or CSV. */
    public static final String CANDLES_FOUND = RESPONSES + "CandlesFound";
    /** 400 of the one-symbol candle operations. */
    public static final String INVALID_CANDLE_REQUEST = RESPONSES + "InvalidCandleRequest";
    /** 422 of any operation that aggregates candles. */
    public static final String RESULT_TOO_LARGE = RESPONSES + "ResultTooLarge";

    /** Where component parameters live; a resource names one with {@code @Parameter(ref = ...)}. */
    public static final String PARAMETERS = "#/components/parameters/";
    public static final String LIMIT = PARAMETERS + "Limit";
    public static final String OFFSET = PARAMETERS + "Offset";
    public static final String CURSOR = PARAMETERS + "Cursor";
    /** The order of the backtest and strategy lists. */
    public static final String SORT = PARAMETERS + "Sort";
    public static final String BACKTEST_ID = PARAMETERS + "BacktestId";
    /** A candle width, from the SDK's catalogue. */
    public static final String TIMEFRAME = PARAMETERS + "Timeframe";
    /** The layout of the raw candle files. */
    public static final String SOURCE_RESOLUTION = PARAMETERS + "SourceResolution";
    public static final String STRATEGY_ID = PARAMETERS + "StrategyId";
    /** The filters and order of the audit trail. */
    public static final String AUDIT_RESOURCE_TYPE = PARAMETERS + "AuditResourceType";
    public static final String AUDIT_FROM = PARAMETERS + "AuditFrom";
    public static final String AUDIT_TO = PARAMETERS + "AuditTo";
    public static final String AUDIT_SORT = PARAMETERS + "AuditSort";
    public static final String INDEX_ID = PARAMETERS + "IndexId";
    /** The symbol of an asset, in a path. */
    public static final String ASSET_SYMBOL = PARAMETERS + "AssetSymbol";
    /** The id and the filters of the task view. */
    public static final String TASK_ID = PARAMETERS + "TaskId";
    public static final String TASK_KIND = PARAMETERS + "TaskKind";
    public static final String TASK_STATUS = PARAMETERS + "TaskStatus";
    /** One run of a backtest, and one saved report. */
    public static final String RUN_ID = PARAMETERS + "RunId";
    public static final String REPORT_ID = PARAMETERS + "ReportId";
    /** One trained model. */
    public static final String MODEL_ID = PARAMETERS + "ModelId";
    /** The size of an equity curve in the results routes. */
    public static final String POINTS = PARAMETERS + "Points";
    /** The export form of the results routes: json (default) or csv, and the part of a csv export. */
    public static final String RESULTS_FORMAT = PARAMETERS + "ResultsFormat";
    public static final String RESULTS_PART = PARAMETERS + "ResultsPart";

    private OpenApiNames() {
    }
}
