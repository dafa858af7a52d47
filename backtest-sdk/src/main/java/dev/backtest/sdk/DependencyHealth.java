package dev.backtest.sdk;

import java.time.Duration;

/**
 * The state of one dependency (database, object store, DuckDB): up or down, how fast it answered, and why.
 *
 * <pre>{@code
 * for (DependencyHealth d : client.health().dependencies()) {
 *     System.out.println(d.name() + " " + (d.up() ? "up" : "DOWN") + " " + d.latency().toMillis() + " ms " + d.detail());
 * }
 * }</pre>
 */
public record DependencyHealth(String name, boolean up, Duration latency, String detail) {
}
