package dev.backtest.sdk.source.internal;

import java.time.Duration;
import java.util.Optional;

/**
 * One failed attempt at a provider, before it becomes the one public error ({@code DATA_FETCH_FAILED}): why (a reason
 * without URLs or keys), whether another attempt may succeed, whether it is an outage that counts towards the circuit
 * breaker, and the wait the provider asked for ({@code Retry-After}, or a rate-limit body), when known.
 */
final class ProviderFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Duration retryAfter;
    private final boolean retryable;
    private final boolean outage;

    private ProviderFailure(String reason, boolean retryable, boolean outage, Duration retryAfter, Throwable cause) {
        super(reason, cause);
        this.retryable = retryable;
        this.outage = outage;
        this.retryAfter = retryAfter;
    }

    /** Another attempt may succeed: 5xx, timeouts, connection failures; counts towards the circuit breaker. */
    static ProviderFailure transientFailure(String reason, Throwable cause) {
        return new ProviderFailure(reason, true, true, null, cause);
    }

    /** As {@link #transientFailure(String, Throwable)}, with the wait the provider asked for (a 503 with Retry-After). */
    static ProviderFailure transientFailure(String reason, Duration retryAfter) {
        return new ProviderFailure(reason, true, true, retryAfter, null);
    }

    /** The provider asked us to slow down (429, or a rate-limit body); {@code retryAfter} null when it said not how long. */
    static ProviderFailure rateLimited(String reason, Duration retryAfter) {
        return new ProviderFailure(reason, true, true, retryAfter, null);
    }

    /** Asking again changes nothing (unknown symbol, refused key, malformed answer); the provider itself is up. */
    static ProviderFailure permanent(String reason, Throwable cause) {
        return new ProviderFailure(reason, false, false, null, cause);
    }

    String reason() {
        return getMessage();
    }

    boolean retryable() {
        return retryable;
    }

    /** Whether it says the provider is failing (and so counts towards opening its circuit breaker). */
    boolean outage() {
        return outage;
    }

    Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
