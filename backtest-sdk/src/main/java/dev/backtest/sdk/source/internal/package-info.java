/**
 * Not API: the SDK's market-data providers (Yahoo Finance, Alpaca, Twelve Data, Binance through XChange, files) and
 * their HTTP plumbing (timeouts, retries honouring {@code 429} and {@code Retry-After}, a circuit breaker and a rate
 * limit per provider), public only so that the SDK's own packages can reach {@link dev.backtest.sdk.source.internal.Sources}.
 * It may change in any release without notice; use {@link dev.backtest.sdk.source.BarSource} instead.
 */
package dev.backtest.sdk.source.internal;
