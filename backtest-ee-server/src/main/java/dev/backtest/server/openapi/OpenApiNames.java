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
    public static final String TRADE = "Trade";
    public static final String TRADE_INPUT = "TradeInput";
    public static final String TRADE_PAGE = "TradePage";
    public static final String RECORDED_TRADE = "RecordedTrade";
    public static final String USER = "User";
    public static final String CANDLE = "Candle";
    public static final String CANDLES = "Candles";
    public static final String CANDLE_BATCH = "CandleBatch";
    public static final String HEALTH_DETAILS = "HealthDetails";
    public static final String READINESS = "Readiness";
    /** The item of the deprecated {@code GET /items}; scanned from {@code LegacyItemsResource.Item}. */
    public static final String ITEM = "Item";
    public static final String ITEM_LIST = "ItemList";

    /** Component responses every protected operation shares (added by {@link ContractFilter}). */
    public static final String UNAUTHORIZED = "Unauthorized";
    public static final String TOO_MANY_REQUESTS = "TooManyRequests";

    private OpenApiNames() {
    }
}
