/**
 * Multi-asset portfolio backtests over the candle store: {@link dev.backtest.sdk.portfolio.PortfolioQuery}, reached
 * through {@code client.portfolios()}, loads the candles of many symbols at once and runs, simulates or sweeps the
 * engine's portfolios ({@code dev.backtest.engine.portfolio}; semantics in docs/portfolio.md).
 */
package dev.backtest.sdk.portfolio;
