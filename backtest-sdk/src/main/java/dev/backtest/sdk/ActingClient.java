package dev.backtest.sdk;

import dev.backtest.sdk.walkforward.WalkForwardService;

import dev.backtest.sdk.asset.AssetService;
import dev.backtest.sdk.audit.Actor;
import dev.backtest.sdk.backtest.BacktestService;
import dev.backtest.sdk.index.IndexService;
import dev.backtest.sdk.ml.ModelService;
import dev.backtest.sdk.optimization.OptimizationService;
import dev.backtest.sdk.run.RunService;
import dev.backtest.sdk.report.ReportService;
import dev.backtest.sdk.strategy.StrategyService;
import dev.backtest.sdk.task.TaskService;
import dev.backtest.sdk.trade.TradeService;

import java.util.Objects;

/**
 * The client's services acting as one {@link Actor}: the same services as {@link BacktestClient#strategies()} and
 * the others, on the same database, whose writes the audit trail records with this actor's kind and request id. The
 * event's user is still the user id each call is given (the owner of the resource), so a user sees in their own
 * trail what an administrator did to their resources. Cheap: make one per request with
 * {@link BacktestClient#as(Actor)}. Thread-safe.
 *
 * <pre>{@code
 * ActingClient admin = client.as(Actor.admin(adminId, requestId));
 * admin.backtests().delete(ownerId, backtestId);   // audit: backtest.delete, actor_kind admin, request_id requestId
 * admin.runs().cancel(ownerId, backtestId);        // audit: run.cancel, same actor
 * admin.tasks().cancelAny(taskId);                  // a run's or a sweep's cancel for its owner, same actor
 * admin.assets().create(new AssetInput("SPY", "SPDR S&P 500 ETF", "index", null, "USD", "NYSE", true));
 * }</pre>
 */
public final class ActingClient {

    private final Actor actor;
    private final StrategyService strategies;
    private final BacktestService backtests;
    private final TradeService trades;
    private final RunService runs;
    private final OptimizationService optimizations;
    private final TaskService tasks;
    private final AssetService assets;
    private final IndexService indexes;
    private final ReportService reports;
    private final WalkForwardService walkForwards;
    private final ModelService models;

    ActingClient(Actor actor, StrategyService strategies, BacktestService backtests, TradeService trades, RunService runs,
                 OptimizationService optimizations, TaskService tasks, AssetService assets, IndexService indexes,
                 ReportService reports, WalkForwardService walkForwards, ModelService models) {
        this.actor = Objects.requireNonNull(actor, "actor");
        this.strategies = strategies;
        this.backtests = backtests;
        this.trades = trades;
        this.runs = runs;
        this.optimizations = optimizations;
        this.tasks = tasks;
        this.assets = assets;
        this.indexes = indexes;
        this.reports = reports;
        this.walkForwards = walkForwards;
        this.models = models;
    }

    /** Trained ML models, as {@link BacktestClient#models()} (models are not audited). */
    public ModelService models() {
        return models;
    }

    /** Who these services act as. */
    public Actor actor() {
        return actor;
    }

    /** Manual trades, as {@link BacktestClient#trades()}, recorded as this actor. */
    public TradeService trades() {
        return trades;
    }

    /** Saved strategies, as {@link BacktestClient#strategies()}, recorded as this actor. */
    public StrategyService strategies() {
        return strategies;
    }

    /** Runs, as {@link BacktestClient#runs()}, recorded as this actor. */
    public RunService runs() {
        return runs;
    }

    /** Backtests, as {@link BacktestClient#backtests()}, recorded as this actor. */
    public BacktestService backtests() {
        return backtests;
    }

    /** Walk-forward optimisations, as {@link BacktestClient#walkForwards()} (they record no audit event). */
    public WalkForwardService walkForwards() {
        return walkForwards;
    }

    /** Parameter sweeps, as {@link BacktestClient#optimizations()}, recorded as this actor. */
    public OptimizationService optimizations() {
        return optimizations;
    }

    /** The task view, as {@link BacktestClient#tasks()}; cancels of runs and sweeps are recorded as this actor. */
    public TaskService tasks() {
        return tasks;
    }

    /**
     * The assets, as {@link BacktestClient#assets()}; writes are allowed when this actor is an administrator or the
     * admin token ({@code FORBIDDEN} for a user) and recorded as this actor.
     */
    public AssetService assets() {
        return assets;
    }

    /** Indexes, as {@link BacktestClient#indexes()}, recorded as this actor. */
    public IndexService indexes() {
        return indexes;
    }

    /** Saved reports, as {@link BacktestClient#reports()}, recorded as this actor. */
    public ReportService reports() {
        return reports;
    }
}
