package dev.backtest.sdk.trade;

import dev.backtest.sdk.backtest.BacktestView;

/**
 * The result of recording a trade: the trade and the backtest as the same transaction left it.
 *
 * <pre>{@code
 * RecordedTrade r = client.trades().record(me, input);
 * r.backtest().cash();
 * }</pre>
 */
public record RecordedTrade(TradeView trade, BacktestView backtest) {
}
