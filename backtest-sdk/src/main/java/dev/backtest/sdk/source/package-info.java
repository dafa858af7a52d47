/**
 * Market data from providers: the {@link dev.backtest.sdk.source.BarSource} interface every provider implements,
 * what it is asked for ({@link dev.backtest.sdk.source.FetchRequest}) and what it delivers
 * ({@link dev.backtest.sdk.source.SourceBar}). The providers themselves are in the {@code internal} package.
 */
package dev.backtest.sdk.source;
