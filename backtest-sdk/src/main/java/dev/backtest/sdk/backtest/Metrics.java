package dev.backtest.sdk.backtest;

import java.math.BigDecimal;

/**
 * The latest figures of a backtest. Manually recorded trades keep {@code finalCapital},
 * {@code totalReturnPct}, {@code winRatePct} and {@code totalTrades} current (see
 * {@link dev.backtest.sdk.trade.internal.JpaTradeService} for the definitions); the Sharpe ratio and the
 * maximum drawdown come from engine runs. Null means not known yet.
 *
 * <pre>{@code
 * Metrics m = client.backtests().get(me, id).metrics();
 * }</pre>
 */
public record Metrics(BigDecimal finalCapital, Double totalReturnPct, Double sharpeRatio, Double maxDrawdownPct, Double winRatePct,
                      int totalTrades) {
}
