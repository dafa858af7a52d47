package dev.backtest.error;

/**
 * Stable error codes of {@link BacktestException}. Codes never change meaning once published:
 * clients switch on them. Each code belongs to one {@link Kind}, which the server maps to an HTTP
 * status in one place.
 *
 * <pre>{@code
 * try { client.storage().stat("ohlcv/1Y/symbol=BTC/year=2024/BTC_2024.parquet"); }
 * catch (BacktestException e) {
 *     if (e.code() == ErrorCode.STORAGE_UNAVAILABLE && e.retryable()) { ... }
 * }
 * }</pre>
 */
public enum ErrorCode {
    /** A configuration value is malformed or inconsistent; raised at start-up. */
    INVALID_CONFIG(Kind.INVALID_INPUT, false),
    /** One or more request fields are invalid; details list each field. */
    VALIDATION_FAILED(Kind.INVALID_INPUT, false),
    /** A symbol does not match {@code ^[A-Z0-9._-]{1,20}$}. */
    INVALID_SYMBOL(Kind.INVALID_INPUT, false),
    /** A timeframe is not in the catalogue. */
    INVALID_TIMEFRAME(Kind.INVALID_INPUT, false),
    /** A date range is reversed, too large or outside the available data. */
    DATE_RANGE(Kind.INVALID_INPUT, false),
    /** An object-store key or prefix is malformed or points outside the bucket. */
    INVALID_KEY(Kind.INVALID_INPUT, false),
    /** Bars given to the engine are invalid (NaN or non-positive price, high/low inconsistent, unsorted time, fewer than 2). */
    INVALID_BARS(Kind.INVALID_INPUT, false),
    /** Engine run options are out of range (cash, commission, spread, ...). */
    INVALID_RUN_OPTIONS(Kind.INVALID_INPUT, false),
    /**
     * A strategy used the engine in a way that cannot be valid: an impossible order (size, limit/stop/sl/tp), an
     * indicator not aligned to the bars, a negative bar index.
     */
    INVALID_ORDER(Kind.INVALID_INPUT, false),
    /** A strategy parameter is unknown, of the wrong type or outside its range. */
    INVALID_STRATEGY_PARAMETER(Kind.INVALID_INPUT, false),
    /** A strategy read a bar after the current one inside its per-bar step. */
    LOOKAHEAD(Kind.INVALID_INPUT, false),
    /** A result would be larger than the configured limit. */
    RESULT_TOO_LARGE(Kind.UNPROCESSABLE, false),
    /** No data exists for the symbol. */
    SYMBOL_NOT_FOUND(Kind.NOT_FOUND, false),
    /** No object exists under the key. */
    OBJECT_NOT_FOUND(Kind.NOT_FOUND, false),
    /** The user does not exist. */
    USER_NOT_FOUND(Kind.NOT_FOUND, false),
    /** The strategy does not exist or is not visible to the caller. */
    STRATEGY_NOT_FOUND(Kind.NOT_FOUND, false),
    /** The backtest does not exist or is not visible to the caller. */
    BACKTEST_NOT_FOUND(Kind.NOT_FOUND, false),
    /** The backtest has no run yet, or no completed run when results are asked for. */
    RUN_NOT_FOUND(Kind.NOT_FOUND, false),
    /** The optimization (distributed parameter sweep) does not exist for the backtest, or is not visible to the caller. */
    OPTIMIZATION_NOT_FOUND(Kind.NOT_FOUND, false),
    /** The background task (run, sweep, refresh or import) does not exist or is not visible to the caller. */
    TASK_NOT_FOUND(Kind.NOT_FOUND, false),
    /** The asset is not in the assets table. */
    ASSET_NOT_FOUND(Kind.NOT_FOUND, false),
    /** The index does not exist or is not visible to the caller. */
    INDEX_NOT_FOUND(Kind.NOT_FOUND, false),
    /** The index has no run yet, or no completed run when its values are asked for. */
    INDEX_RUN_NOT_FOUND(Kind.NOT_FOUND, false),
    /** The ML model does not exist or is not visible to the caller. */
    MODEL_NOT_FOUND(Kind.NOT_FOUND, false),
    /**
     * A run of an ML strategy whose model was trained on bars at or after the run's first bar (its training window reaches
     * into the backtest); the message names both windows.
     */
    DATA_LEAKAGE(Kind.UNPROCESSABLE, false),
    /** The caller may not do this: an administrator's write asked by a plain user. */
    FORBIDDEN(Kind.FORBIDDEN, false),
    /** The saved report does not exist or is not visible to the caller. */
    REPORT_NOT_FOUND(Kind.NOT_FOUND, false),
    /** A parameter sweep has more combinations than the configured limit. */
    GRID_TOO_LARGE(Kind.UNPROCESSABLE, false),
    /** The backtest is in a state that does not allow the operation (e.g. running). */
    BACKTEST_INVALID_STATE(Kind.CONFLICT, false),
    /** A unique name is taken. */
    DUPLICATE_NAME(Kind.CONFLICT, false),
    /** Another writer changed the row first and retries were exhausted. */
    CONCURRENT_MODIFICATION(Kind.CONFLICT, true),
    /** A buy costs more than the backtest's cash. */
    INSUFFICIENT_CAPITAL(Kind.UNPROCESSABLE, false),
    /** A sell is larger than the backtest's position: manual trades never open a short. */
    INSUFFICIENT_POSITION(Kind.UNPROCESSABLE, false),
    /** The database cannot be reached. */
    DATABASE_UNAVAILABLE(Kind.UNAVAILABLE, true),
    /** The object store cannot be reached. */
    STORAGE_UNAVAILABLE(Kind.UNAVAILABLE, true),
    /**
     * The local file cache ({@code BACKTEST_DATA_DIR/cache}) cannot be written: disk full, a read-only
     * or missing directory, or a file where a directory should be. The message names the path.
     */
    CACHE_UNAVAILABLE(Kind.UNAVAILABLE, true),
    /** The object store answered with an error. */
    STORAGE_ERROR(Kind.UPSTREAM_FAILURE, true),
    /** A stored data file is corrupt or has an unexpected shape. */
    DATA_CORRUPT(Kind.UPSTREAM_FAILURE, false),
    /** A market-data provider could not deliver bars (names the provider, the symbol and the reason); nothing stored changed. */
    DATA_FETCH_FAILED(Kind.UPSTREAM_FAILURE, true),
    /** The operation is not supported by this configuration (e.g. presigned URLs on a local folder). */
    UNSUPPORTED_OPERATION(Kind.UNPROCESSABLE, false),
    /** A bug: anything not anticipated above. */
    INTERNAL(Kind.INTERNAL, false);

    /** The broad class of an error, which decides its HTTP status. */
    public enum Kind {
        INVALID_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, UNPROCESSABLE, UNAVAILABLE, UPSTREAM_FAILURE, INTERNAL
    }

    private final Kind kind;
    private final boolean retryable;

    ErrorCode(Kind kind, boolean retryable) {
        this.kind = kind;
        this.retryable = retryable;
    }

    public Kind kind() {
        return kind;
    }

    /** Whether the same call may succeed when simply tried again later. */
    public boolean retryable() {
        return retryable;
    }
}
