package dev.backtest.server.auth;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-user token buckets (Bucket4j): {@code perSecond} requests a second on average, bursts up to
 * {@code burst}. Buckets live in this instance's memory, so behind a load balancer each instance
 * limits on its own; the map is cleared when it grows past {@link #MAX_USERS} so idle users
 * cannot exhaust memory (a cleared user merely gets a full bucket again).
 */
final class RateLimiter {

    static final int MAX_USERS = 100_000;

    private final int perSecond;
    private final int burst;
    private final Map<UUID, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimiter(int perSecond, int burst) {
        this.perSecond = perSecond;
        this.burst = burst;
    }

    /** Takes one token; empty when allowed, else the seconds to wait before retrying (at least 1). */
    OptionalLong acquire(UUID user) {
        if (buckets.size() > MAX_USERS) {
            buckets.clear();
        }
        Bucket bucket = buckets.computeIfAbsent(user, u -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(burst).refillGreedy(perSecond, Duration.ofSeconds(1)).build())
                .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L));
    }
}
