package dev.backtest.sdk.config;

/**
 * Every configuration key the SDK and the server read, with the form each accepts. The same names
 * are used as builder keys, system properties and environment variables.
 *
 * <pre>{@code
 * BacktestConfig config = BacktestConfig.builder()
 *         .set(ConfigKey.DATABASE_URL, "postgresql://postgres@127.0.0.1:5432/test")
 *         .build();
 * }</pre>
 */
public enum ConfigKey {
    DATABASE_URL("a JDBC URL or postgresql://user:password@host:port/db"),
    DB_POOL_MIN("an integer from 0 to 1000, not above DB_POOL_MAX"),
    DB_POOL_MAX("an integer from 1 to 1000"),
    SUPABASE_URL("an http(s) URL such as https://abc.supabase.co"),
    SUPABASE_JWT_SECRET("the project's JWT secret, at least 32 characters"),
    SUPABASE_JWKS_URL("an http(s) URL or the path of a local JWKS file"),
    RATE_LIMIT_PER_SECOND("an integer from 1 to 1000000"),
    RATE_LIMIT_BURST("an integer from 1 to 1000000, not below RATE_LIMIT_PER_SECOND"),
    CORS_ORIGINS("comma-separated origins such as https://app.example.com,http://localhost:3000, or *"),
    BACKTEST_WORKERS("an integer from 0 to 256 (0: this instance claims no runs)"),
    RUN_LEASE_SECONDS("an integer from 6 to 3600: seconds without a heartbeat after which another instance takes over a run"),
    CANDLE_MAX_ROWS("an integer from 1 to 100000000"),
    CANDLE_HOT_TIER_BYTES("an integer number of bytes from 0 to 1099511627776: memory for yearly candle files kept decoded (0: none)"),
    CANDLE_CACHE_BYTES("an integer number of bytes from 0 to 1099511627776: memory for candle results kept for repeated queries (0: none)"),
    OPTIMIZE_MAX_GRID("an integer from 1 to 1000000: the most parameter combinations a sweep may have"),
    INDEX_MAX_ASSETS("an integer from 1 to 1000: the most assets in the universe of an index"),
    HTTP_MAX_BODY_BYTES("an integer number of bytes from 1024 to 1073741824"),
    HTTP_MAX_UPLOAD_BYTES("an integer number of bytes from 1024 to 2147483647: the largest CSV or Parquet file an admin uploads"),
    MINIO_ENDPOINT("an http(s) URL or host:port"),
    MINIO_ACCESS_KEY("the access key (required with MINIO_ENDPOINT)"),
    MINIO_SECRET_KEY("the secret key (required with MINIO_ENDPOINT)"),
    MINIO_SECURE("true or false"),
    MINIO_BUCKET("an S3 bucket name: 3-63 characters of a-z, 0-9, '.' and '-'"),
    BACKTEST_DATA_DIR("a writable directory path"),
    BACKTEST_SAMPLE_DATA("true or false (seed an empty local store with sample candles; the server does by default, an SDK client only when asked)"),
    LOG_LEVEL("one of TRACE, DEBUG, INFO, WARN, ERROR"),
    LOG_FORMAT("text or json"),
    AUTH_MODE("token or development (default: development on the embedded defaults, token otherwise)"),
    ADMIN_USER_IDS("comma-separated user ids (UUIDs) that have the admin role"),
    ADMIN_TOKEN("a machine credential for the admin routes only, at least 32 characters"),
    HSTS_MAX_AGE("an integer number of seconds from 0 to 63072000 (0: no Strict-Transport-Security header)"),
    FRONTEND_URL("the frontend's origin, such as https://app.example.com (allowed by CORS)"),
    APP_ENV("the environment's name, 1-32 characters of a-z, 0-9, '-' and '_' (shown in health)"),
    PORT("an integer from 1 to 65535: the server's HTTP port"),
    DB_CONNECT_RETRIES("an integer from 0 to 1000: attempts to reach the database at start, with backoff"),
    DB_BASELINE_ON_MIGRATE("true or false (adopt an existing schema without this project's migration history)"),
    AUDIT_RETENTION_DAYS("an integer from 1 to 36500: days the audit trail keeps an event"),
    DATA_SOURCES("comma-separated market-data providers to enable: yahoo, alpaca, twelvedata, binance (default none: offline)"),
    YAHOO_BASE_URL("an http(s) URL (default https://query1.finance.yahoo.com)"),
    ALPACA_API_KEY("Alpaca's API key id (required with the alpaca source)"),
    ALPACA_API_SECRET("Alpaca's API secret key (required with the alpaca source)"),
    ALPACA_DATA_URL("an http(s) URL (default https://data.alpaca.markets)"),
    TWELVE_DATA_API_KEY("Twelve Data's API key (required with the twelvedata source)"),
    TWELVE_DATA_URL("an http(s) URL (default https://api.twelvedata.com)"),
    BINANCE_BASE_URL("an http(s) URL (default https://api.binance.com)"),
    SOURCE_TIMEOUT_SECONDS("an integer from 1 to 600: seconds a provider request may take"),
    SOURCE_MAX_RETRIES("an integer from 0 to 20: retries of a failed provider request, with backoff honouring Retry-After"),
    REFRESH_SYMBOLS("comma-separated SYMBOL:source[:providerSymbol][@1m|@1d], such as SPY:yahoo@1d,BTC:binance:BTCUSDT"),
    REFRESH_INTERVAL("an ISO-8601 duration from PT1M to P7D, such as PT1H (default)"),
    SKIP_STARTUP_REFRESH("true or false (default false: the watchlist is refreshed once on start when a source is configured)"),
    TASK_RETENTION_DAYS("an integer from 1 to 36500: days the history of refreshes and imports is kept");

    private final String acceptedForm;

    ConfigKey(String acceptedForm) {
        this.acceptedForm = acceptedForm;
    }

    /** What a valid value looks like, as shown in error messages. */
    public String acceptedForm() {
        return acceptedForm;
    }

    /** Whether the value must never be printed. */
    public boolean secret() {
        return this == SUPABASE_JWT_SECRET || this == MINIO_SECRET_KEY || this == DATABASE_URL || this == ADMIN_TOKEN
                || this == ALPACA_API_KEY || this == ALPACA_API_SECRET || this == TWELVE_DATA_API_KEY;
    }
}
