package dev.backtest.sdk.persistence;

import dev.backtest.sdk.backtest.Backtest;
import dev.backtest.sdk.backtest.BacktestRun;
import dev.backtest.sdk.backtest.Optimization;
import dev.backtest.sdk.backtest.OptimizationChunk;
import dev.backtest.sdk.backtest.RunResult;
import dev.backtest.sdk.backtest.RunTrade;
import dev.backtest.sdk.strategy.StrategyDefinition;
import dev.backtest.sdk.trade.Trade;
import dev.backtest.sdk.user.User;

import java.util.List;

/**
 * The managed classes of the persistence unit: every entity and converter of the SDK, handed to
 * {@link Database#open}. Public because the client in another package opens the database with it; not
 * part of the API users call.
 *
 * <pre>{@code
 * try (Database db = Database.open(DatabaseUrl.parse("jdbc:h2:mem:example"), 1, 4, "example", Entities.ALL)) {
 *     long backtests = db.inTransaction(em -> em.createQuery("select count(b) from Backtest b", Long.class).getSingleResult());
 * }
 * }</pre>
 */
public final class Entities {

    public static final List<Class<?>> ALL = List.of(User.class, StrategyDefinition.class, Backtest.class, Trade.class,
            BacktestRun.class, RunResult.class, RunTrade.class, Optimization.class, OptimizationChunk.class,
            NullableUuidConverter.class);

    private Entities() {
    }
}
