package dev.backtest.sdk.internal;

import dev.backtest.sdk.asset.internal.AssetRecord;
import dev.backtest.sdk.audit.internal.AuditEventRecord;
import dev.backtest.sdk.index.internal.IndexDefinition;
import dev.backtest.sdk.index.internal.IndexRun;
import dev.backtest.sdk.backtest.internal.Backtest;
import dev.backtest.sdk.optimization.internal.Optimization;
import dev.backtest.sdk.optimization.internal.OptimizationChunk;
import dev.backtest.sdk.persistence.internal.NullableUuidConverter;
import dev.backtest.sdk.report.internal.SavedReport;
import dev.backtest.sdk.run.internal.BacktestRun;
import dev.backtest.sdk.run.internal.RunResult;
import dev.backtest.sdk.run.internal.RunTrade;
import dev.backtest.sdk.strategy.internal.StrategyDefinition;
import dev.backtest.sdk.task.internal.DataTask;
import dev.backtest.sdk.trade.internal.Trade;
import dev.backtest.sdk.user.internal.User;

import java.util.List;

/**
 * The managed classes of the persistence unit: every entity and converter of the SDK, handed to
 * {@link Database#open}.
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
            AuditEventRecord.class, DataTask.class, AssetRecord.class, IndexDefinition.class, IndexRun.class, SavedReport.class,
            dev.backtest.sdk.walkforward.internal.WalkForwardRun.class,
            NullableUuidConverter.class);

    private Entities() {
    }
}
