package dev.backtest.server.storage;

import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.marketdata.CandleQuery;
import dev.backtest.engine.CandleSeries;
import dev.backtest.sdk.marketdata.Coverage;
import dev.backtest.sdk.marketdata.CoverageRequest;
import dev.backtest.sdk.marketdata.DataRange;
import dev.backtest.sdk.marketdata.SourceResolution;
import dev.backtest.sdk.storage.ObjectPage;
import dev.backtest.sdk.storage.StoreStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SDK calls that reach the object store, behind MicroProfile Fault Tolerance: a timeout, a few
 * retries on retryable errors (store unreachable or failing; never on bad input or a missing
 * object), and a circuit breaker that fails fast (503 with {@code Retry-After}) while the store
 * keeps failing.
 *
 * <p>Candle queries get the timeout and the retries but no breaker: an open breaker would also
 * refuse the requests the SDK's result cache can answer without the store, and serving those is
 * the point when the store is down. A query the cache cannot answer fails with
 * {@code STORAGE_UNAVAILABLE} after the retries.
 */
@ApplicationScoped
public class GuardedStorage {

    /** Seconds a client should wait before retrying while the store is unavailable. */
    public static final int RETRY_AFTER_SECONDS = 5;

    @Inject
    BacktestClient client;

    @Timeout(value = 60, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 100, jitter = 50, retryOn = StoreRetryableException.class)
    public CandleSeries fetch(CandleQuery query) {
        return StoreRetryableException.translate(query::fetch);
    }

    /** Several symbols queried in parallel by the SDK, in the order given. */
    @Timeout(value = 60, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 100, jitter = 50, retryOn = StoreRetryableException.class)
    public Map<String, CandleSeries> fetchAll(CandleQuery query) {
        return StoreRetryableException.translate(query::fetchAll);
    }

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 100, jitter = 50, retryOn = StoreRetryableException.class)
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.75, delay = RETRY_AFTER_SECONDS * 1000L, successThreshold = 2,
            failOn = {StoreRetryableException.class, TimeoutException.class})
    public List<String> symbols(SourceResolution resolution) {
        return StoreRetryableException.translate(() -> client.marketData().symbols(resolution));
    }

    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 100, jitter = 50, retryOn = StoreRetryableException.class)
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.75, delay = RETRY_AFTER_SECONDS * 1000L, successThreshold = 2,
            failOn = {StoreRetryableException.class, TimeoutException.class})
    public Optional<DataRange> range(String symbol, SourceResolution resolution) {
        return StoreRetryableException.translate(() -> client.marketData().range(symbol, resolution));
    }

    /**
     * Which days and minutes of a range a symbol has, per layout: reads the objects like a candle query, so it gets the
     * same timeout and retries and no breaker.
     */
    @Timeout(value = 60, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 100, jitter = 50, retryOn = StoreRetryableException.class)
    public Coverage coverage(CoverageRequest request) {
        return StoreRetryableException.translate(() -> client.marketData().coverage(request));
    }

    /** Never throws: an unreachable store is a status, not an error. */
    @Timeout(value = 15, unit = ChronoUnit.SECONDS)
    public StoreStatus status() {
        return client.storage().status();
    }

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 100, jitter = 50, retryOn = StoreRetryableException.class)
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.75, delay = RETRY_AFTER_SECONDS * 1000L, successThreshold = 2,
            failOn = {StoreRetryableException.class, TimeoutException.class})
    public ObjectPage list(String prefix, int limit, String startAfter) {
        return StoreRetryableException.translate(() -> client.storage().list(prefix, limit, startAfter));
    }

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 100, jitter = 50, retryOn = StoreRetryableException.class)
    @CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.75, delay = RETRY_AFTER_SECONDS * 1000L, successThreshold = 2,
            failOn = {StoreRetryableException.class, TimeoutException.class})
    public URI presignedGet(String key, Duration expiry) {
        return StoreRetryableException.translate(() -> client.storage().presignedGet(key, expiry));
    }
}
