package dev.backtest.sdk;

import java.time.Duration;

/** The state of one dependency (database, object store, DuckDB): up or down, how fast it answered, and why. */
public record DependencyHealth(String name, boolean up, Duration latency, String detail) {
}
