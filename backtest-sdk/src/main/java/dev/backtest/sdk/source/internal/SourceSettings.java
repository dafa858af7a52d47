package dev.backtest.sdk.source.internal;

import dev.backtest.sdk.config.BacktestConfig;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * What every provider shares: the time one request may take ({@code SOURCE_TIMEOUT_SECONDS}), how often a failed
 * request is tried again ({@code SOURCE_MAX_RETRIES}) and with which exponential backoff, the longest
 * {@code Retry-After} waited for before giving up (a longer one fails at once with {@code retry_after_seconds}, for the
 * caller to come back later), the clock (for {@code Retry-After} dates, "the last 30 days" and bars still in progress),
 * and the limits of each provider ({@link ProviderLimits#defaults}, replaceable in tests).
 */
record SourceSettings(Duration timeout, int maxRetries, Duration backoff, Duration maxBackoff, Duration maxRetryAfter, Clock clock,
                      Map<String, ProviderLimits> limits) {

    static final Duration BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(120);

    SourceSettings {
        limits = Map.copyOf(limits);
    }

    static SourceSettings of(BacktestConfig config, Clock clock) {
        return new SourceSettings(Duration.ofSeconds(config.sourceTimeoutSeconds()), config.sourceMaxRetries(), BACKOFF, MAX_BACKOFF,
                MAX_RETRY_AFTER, clock, Map.of());
    }

    /** The limits of {@code provider}: set here, else its defaults. */
    ProviderLimits limitsOf(String provider) {
        ProviderLimits l = limits.get(provider);
        return l != null ? l : ProviderLimits.defaults(provider);
    }

    SourceSettings withLimits(String provider, ProviderLimits l) {
        Map<String, ProviderLimits> more = new HashMap<>(limits);
        more.put(provider, l);
        return new SourceSettings(timeout, maxRetries, backoff, maxBackoff, maxRetryAfter, clock, more);
    }

    SourceSettings withRetries(int retries, Duration firstBackoff) {
        return new SourceSettings(timeout, retries, firstBackoff, maxBackoff, maxRetryAfter, clock, limits);
    }

    SourceSettings withTimeout(Duration t) {
        return new SourceSettings(t, maxRetries, backoff, maxBackoff, maxRetryAfter, clock, limits);
    }
}
