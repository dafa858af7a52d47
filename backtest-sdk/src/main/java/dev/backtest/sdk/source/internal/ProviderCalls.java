package dev.backtest.sdk.source.internal;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.source.FetchRequest;
import dev.failsafe.CircuitBreaker;
import dev.failsafe.CircuitBreakerOpenException;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RetryPolicy;
import dev.failsafe.function.CheckedSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The calls of one provider, guarded: each attempt first takes its permits from the provider's {@link TokenBucket}, then
 * runs under a circuit breaker that opens after consecutive outages and lets a trial call through after a delay, inside
 * a retry policy that tries a transient failure again after an exponential backoff, or after exactly the wait the
 * provider asked for ({@code Retry-After}); a wait longer than {@link SourceSettings#maxRetryAfter()} is not waited for.
 * Whatever fails in the end is one {@code DATA_FETCH_FAILED} naming the provider, the symbol and the reason, with the
 * provider's keys replaced by {@code ***} wherever they might appear. Thread-safe; one per provider.
 */
final class ProviderCalls {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderCalls.class);
    private static final Duration REGULAR_DELAY = Duration.ofNanos(-1);

    private final String provider;
    private final List<String> secrets;
    private final TokenBucket bucket;
    private final CircuitBreaker<Object> breaker;
    private final FailsafeExecutor<Object> guarded;
    private final Duration maxRetryAfter;

    ProviderCalls(String provider, SourceSettings settings, List<String> secrets) {
        this.provider = provider;
        this.secrets = secrets.stream().filter(Objects::nonNull).filter(s -> !s.isBlank()).toList();
        this.maxRetryAfter = settings.maxRetryAfter();
        ProviderLimits limits = settings.limitsOf(provider);
        this.bucket = new TokenBucket(limits.permitsPerMinute(), limits.burst(), System::nanoTime);
        this.breaker = CircuitBreaker.builder()
                .handleIf(e -> e instanceof ProviderFailure f && f.outage())
                .withFailureThreshold(limits.breakerFailures())
                .withDelay(limits.breakerDelay())
                .onOpen(e -> LOG.warn("{}: {} consecutive failures; requests paused for {} s", provider, limits.breakerFailures(),
                        limits.breakerDelay().toSeconds()))
                .onClose(e -> LOG.info("{}: answering again; requests resumed", provider))
                .build();
        RetryPolicy<Object> retry = RetryPolicy.builder()
                .handleIf(e -> e instanceof ProviderFailure f && f.retryable() && waitable(f))
                .withMaxRetries(settings.maxRetries())
                .withBackoff(settings.backoff(), settings.maxBackoff().compareTo(settings.backoff()) > 0 ? settings.maxBackoff()
                        : settings.backoff().multipliedBy(2))
                .withDelayFn(ctx -> ctx.getLastException() instanceof ProviderFailure f ? f.retryAfter().orElse(REGULAR_DELAY)
                        : REGULAR_DELAY)
                .onRetryScheduled(e -> LOG.info("{}: {}; attempt {} of {} in {} ms", provider, scrub(reasonOf(e.getLastException())),
                        e.getAttemptCount() + 1, settings.maxRetries() + 1, e.getDelay().toMillis()))
                .build();
        this.guarded = Failsafe.with(retry, breaker);
    }

    /**
     * The result of {@code attempt}, tried as this class describes; {@code permits} is what one attempt costs against the
     * rate limit (1 for a request, a Binance call its weight).
     *
     * @throws BacktestException {@code DATA_FETCH_FAILED} naming the provider, {@code request}'s symbol and the reason
     */
    <T> T call(FetchRequest request, int permits, CheckedSupplier<T> attempt) {
        try {
            return guarded.get(() -> {
                try {
                    bucket.acquire(permits);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw ProviderFailure.permanent("interrupted while waiting for the rate limit", e);
                }
                return attempt.get();
            });
        } catch (CircuitBreakerOpenException e) {
            Duration remaining = breaker.getRemainingDelay();
            throw failure(request, "it failed " + settingsFailures() + " times in a row; requests are paused for "
                    + Math.max(1, remaining.toSeconds()) + " s (circuit breaker open)", remaining, null);
        } catch (ProviderFailure f) {
            throw failure(request, f.reason(), f.retryAfter().orElse(null), f.getCause());
        } catch (BacktestException e) {
            throw e;
        } catch (FailsafeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw failure(request, "unexpected error: " + reasonOf(cause), null, cause);
        } catch (RuntimeException e) {
            throw failure(request, "unexpected error: " + reasonOf(e), null, e);
        }
    }

    /** The one error of a provider that could not deliver: its message and details name provider, symbol and reason. */
    BacktestException failure(FetchRequest request, String reason, Duration retryAfter, Throwable cause) {
        return failure(provider, request, scrub(reason), retryAfter, safeCause(cause));
    }

    static BacktestException failure(String provider, FetchRequest request, String reason, Duration retryAfter, Throwable cause) {
        String symbol = request.symbol();
        String shown = request.providerSymbol() == null || request.providerSymbol().equals(symbol) ? symbol
                : symbol + " (" + request.providerSymbol() + ")";
        BacktestException e = new BacktestException(ErrorCode.DATA_FETCH_FAILED, provider + " could not deliver " + shown + ": " + reason,
                cause).with("provider", provider).with("symbol", symbol).with("reason", reason);
        if (retryAfter != null) {
            e = e.with("retry_after_seconds", Math.max(1, (retryAfter.toMillis() + 999) / 1000));
        }
        return e;
    }

    /** {@code text} with every key of this provider replaced by {@code ***}. */
    String scrub(String text) {
        String out = text == null ? "" : text;
        for (String secret : secrets) {
            out = out.replace(secret, "***");
        }
        return out;
    }

    private boolean waitable(ProviderFailure f) {
        return f.retryAfter().map(d -> d.compareTo(maxRetryAfter) <= 0).orElse(true);
    }

    private int settingsFailures() {
        return breaker.getConfig().getFailureThreshold();
    }

    /** The cause kept on the error only when none of its messages could show a key. */
    private Throwable safeCause(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (!scrub(String.valueOf(t.getMessage())).equals(String.valueOf(t.getMessage()))) {
                return null;
            }
        }
        return cause;
    }

    static String reasonOf(Throwable e) {
        if (e instanceof ProviderFailure f) {
            return f.reason();
        }
        String message = e == null ? null : e.getMessage();
        String name = e == null ? "unknown" : e.getClass().getSimpleName();
        return message == null || message.isBlank() ? name : name + ": " + Optional.of(message).map(m -> m.lines().findFirst().orElse(m)).get();
    }
}
