package dev.backtest.sdk.storage;

import java.time.Duration;
import java.util.Optional;

/**
 * What a status check of the object store found. {@code objectCount} counts at most
 * {@link ObjectStore#STATUS_COUNT_LIMIT} objects; {@code countTruncated} says when there are more.
 *
 * <pre>{@code
 * StoreStatus s = client.storage().status();
 * if (!s.healthy()) {
 *     System.err.println(s.kind() + " " + s.location() + " bucket " + s.bucket() + ": " + s.error().orElse("?"));
 * }
 * System.out.println(s.objectCount() + (s.countTruncated() ? "+" : "") + " objects, " + s.latency().toMillis() + " ms");
 * }</pre>
 */
public record StoreStatus(String kind, String location, String bucket, boolean reachable, boolean bucketExists,
                          long objectCount, boolean countTruncated, Duration latency, Optional<String> error) {

    public boolean healthy() {
        return reachable && bucketExists;
    }
}
