package dev.backtest.sdk.source.internal;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A token bucket: {@code perMinute} permits refilled evenly, at most {@code burst} saved up. A caller takes its permits
 * at once and, when the bucket is in debt, waits until the debt is paid: callers are served in the order they asked, and
 * the long-run rate never exceeds {@code perMinute}. Thread-safe.
 */
final class TokenBucket {

    private static final long MINUTE_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final double capacity;
    private final double permitsPerNano;
    private final LongSupplier nanoTime;
    private double tokens;
    private long refilledAt;

    TokenBucket(int perMinute, int burst, LongSupplier nanoTime) {
        this.capacity = burst;
        this.permitsPerNano = perMinute / (double) MINUTE_NANOS;
        this.nanoTime = nanoTime;
        this.tokens = burst;
        this.refilledAt = nanoTime.getAsLong();
    }

    /** Takes {@code permits} and answers how many nanoseconds the caller must wait before using them (0: none). */
    synchronized long reserve(int permits) {
        long now = nanoTime.getAsLong();
        tokens = Math.min(capacity, tokens + (now - refilledAt) * permitsPerNano);
        refilledAt = now;
        tokens -= permits;
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / permitsPerNano);
    }

    /** Takes {@code permits}, waiting as long as the rate requires. */
    void acquire(int permits) throws InterruptedException {
        long wait = reserve(permits);
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
