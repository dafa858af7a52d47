package dev.backtest.sdk.persistence;

import dev.backtest.sdk.backtest.Backtest;
import dev.backtest.sdk.backtest.BacktestRun;
import dev.backtest.sdk.backtest.RunResult;
import dev.backtest.sdk.backtest.RunTrade;
import dev.backtest.sdk.strategy.StrategyDefinition;
import dev.backtest.sdk.trade.Trade;
import dev.backtest.sdk.user.User;

import java.util.List;

/** The managed classes of the persistence unit: every entity and converter of the SDK. */
public final class Entities {

    public static final List<Class<?>> ALL = List.of(User.class, StrategyDefinition.class, Backtest.class, Trade.class,
            BacktestRun.class, RunResult.class, RunTrade.class, NullableUuidConverter.class);

    private Entities() {
    }
}
