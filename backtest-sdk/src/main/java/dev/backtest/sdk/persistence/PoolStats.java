package dev.backtest.sdk.persistence;

/**
 * The database connection pool at one moment: connections in use, idle, requests waiting for one, and the most
 * the pool opens. Embedded H2's pool does not count idle connections or waiters: they are -1 there.
 *
 * <pre>{@code
 * PoolStats pool = client.diagnostics().pool();
 * if (pool.waiting() > 0) log.warn("{} requests wait for a database connection", pool.waiting());
 * }</pre>
 */
public record PoolStats(int active, int idle, int waiting, int max) {
}
