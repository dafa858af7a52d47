/**
 * What the SDK shows of its database: {@link dev.backtest.sdk.persistence.PoolStats}. Everything else about
 * persistence is in the {@code internal} package.
 */
package dev.backtest.sdk.persistence;
