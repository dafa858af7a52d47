package dev.backtest.sdk.run;

import java.time.Duration;

/**
 * Polling, heartbeat and retry timing of the run queue (runs and sweep chunks). The default comes from
 * {@code RUN_LEASE_SECONDS}; tests shorten it with {@code BacktestClient.builder().runTiming(...)}.
 *
 * <pre>{@code
 * RunTiming fast = new RunTiming(Duration.ofMillis(50), Duration.ofMillis(200), 3, Duration.ofMillis(200));
 * RunTiming lease = RunTiming.forLease(Duration.ofSeconds(60));   // a heartbeat every 10 s, taken over after 60 s
 * }</pre>
 *
 * @param pollingInterval  how often an instance looks for due items
 * @param heartbeat        how often a running item's instance says it is alive
 * @param missedHeartbeats after this many missed heartbeats an item is taken over by another instance
 * @param retryDelay       how long a failed attempt waits before it is tried again
 */
public record RunTiming(Duration pollingInterval, Duration heartbeat, int missedHeartbeats, Duration retryDelay) {

    /** A lease of 30 s (the default of {@code RUN_LEASE_SECONDS}). */
    public static final RunTiming DEFAULT = forLease(Duration.ofSeconds(30));

    /**
     * Default polling and retry with the given lease: a heartbeat every sixth of it, so a run is taken over after six
     * missed heartbeats (the {@code RUN_LEASE_SECONDS} setting).
     *
     * @throws IllegalArgumentException for a lease shorter than 6 s
     */
    public static RunTiming forLease(Duration lease) {
        if (lease.compareTo(Duration.ofSeconds(6)) < 0) {
            throw new IllegalArgumentException("lease " + lease + " is shorter than 6 s");
        }
        return new RunTiming(Duration.ofMillis(500), lease.dividedBy(6), 6, Duration.ofSeconds(5));
    }

    /** How long after its last heartbeat a claimed run is considered abandoned. */
    public Duration lease() {
        return heartbeat.multipliedBy(missedHeartbeats);
    }
}
