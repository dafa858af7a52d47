package dev.backtest.sdk.run.internal;

import dev.backtest.engine.CandleSeries;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.error.FieldErrors;
import dev.backtest.sdk.audit.internal.Auditor;
import dev.backtest.sdk.backtest.internal.Backtest;
import dev.backtest.sdk.backtest.internal.Backtests;
import dev.backtest.sdk.page.Page;
import dev.backtest.sdk.page.PageRequest;
import dev.backtest.sdk.ml.internal.StrategyCatalog;
import dev.backtest.sdk.persistence.internal.Database;
import dev.backtest.sdk.persistence.internal.StoredJson;
import dev.backtest.sdk.report.ReportData;
import dev.backtest.sdk.report.Reports;
import dev.backtest.sdk.run.RunResults;
import dev.backtest.sdk.run.RunService;
import dev.backtest.sdk.run.RunStatus;
import dev.backtest.sdk.run.RunView;
import dev.backtest.sdk.strategy.internal.StrategyDefinition;
import jakarta.persistence.EntityManager;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link RunService} on the database and the cluster-wide {@link RunQueue}. Each start and cancel records one audit
 * event ({@code run.start}, {@code run.cancel}, resource the run) in its own transaction; a cancel of a run that had
 * already finished is recorded too (it was asked for, and answered).
 *
 * <pre>{@code
 * RunService runs = new JpaRunService(database, queue, candles, auditor);
 * RunView run = runs.start(me, backtestId);
 * }</pre>
 */
public final class JpaRunService implements RunService {

    private static final String RESOURCE = "run";

    private final Database database;
    private final RunQueue queue;
    private final CandleSource candles;
    private final Auditor auditor;
    private final StrategyCatalog catalog;

    /** With an audit trail of its own (recording kind user). */
    public JpaRunService(Database database, RunQueue queue, CandleSource candles) {
        this(database, queue, candles, new Auditor(database));
    }

    /** Recording its writes through {@code auditor} (its actor kind and request id). */
    public JpaRunService(Database database, RunQueue queue, CandleSource candles, Auditor auditor) {
        this(database, queue, candles, auditor, StrategyCatalog.builtIns());
    }

    /** Refusing at start a run of an {@code ml_predictive} model trained on the run's bars ({@code DATA_LEAKAGE}). */
    public JpaRunService(Database database, RunQueue queue, CandleSource candles, Auditor auditor, StrategyCatalog catalog) {
        this.database = Objects.requireNonNull(database, "database");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.candles = Objects.requireNonNull(candles, "candles");
        this.auditor = Objects.requireNonNull(auditor, "auditor");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    @Override
    public RunView start(UUID userId, UUID backtestId) {
        RunView run = auditor.inTransaction(em -> {
            Backtest b = Backtests.owned(em, userId, backtestId);
            b.requireIdle("run again");
            RunSnapshot snapshot = RunSnapshot.of(b, strategyOf(em, b));
            catalog.checkLeakage(userId, snapshot.strategy(), snapshot.parameters(), snapshot.startDate(), snapshot.endDate(),
                    snapshot.timeframe());
            BacktestRun r = new BacktestRun(b.getId(), userId, snapshot, MAX_ATTEMPTS, RunExecutor.now());
            em.persist(r);
            b.queue();
            em.flush();
            // in the same transaction: the run and its queue entry (and its audit event) exist together or not at all
            RunQueue.enqueue(em, r.getId());
            auditor.record(em, "run.start", RESOURCE, r.getId(), userId, List.of());
            return r.view();
        });
        queue.wake();
        return run;
    }

    /**
     * What a backtest's sweeps and walk-forwards run on: its snapshot now.
     *
     * @throws BacktestException {@link ErrorCode#BACKTEST_NOT_FOUND}; {@link ErrorCode#VALIDATION_FAILED} without a strategy
     */
    public static RunSnapshot snapshotOf(EntityManager em, UUID userId, UUID backtestId) {
        Backtest b = Backtests.owned(em, userId, backtestId);
        return RunSnapshot.of(b, strategyOf(em, b));
    }

    /**
     * The backtest's strategy, which a run or a sweep needs.
     *
     * @throws BacktestException {@link ErrorCode#VALIDATION_FAILED} (field {@code strategy}) without one
     */
    public static StrategyDefinition strategyOf(EntityManager em, Backtest b) {
        StrategyDefinition strategy = b.getStrategyId().map(id -> em.find(StrategyDefinition.class, id)).orElse(null);
        if (strategy == null) {
            throw FieldErrors.single("strategy", "backtest " + b.getId() + " has no strategy; set one before running or optimising it");
        }
        return strategy;
    }

    /**
     * The latest run of the backtest.
     *
     * @throws BacktestException {@link ErrorCode#BACKTEST_NOT_FOUND}, {@link ErrorCode#RUN_NOT_FOUND} if it never ran
     */
    @Override
    public RunView get(UUID userId, UUID backtestId) {
        return database.inTransaction(em -> latest(em, userId, backtestId).view());
    }

    /**
     * Cancels the latest run: a queued run is cancelled at once, a running one stops at its next progress
     * check. A finished run is left as it is (cancel is idempotent).
     *
     * @throws BacktestException {@link ErrorCode#BACKTEST_NOT_FOUND}, {@link ErrorCode#RUN_NOT_FOUND} if it never ran
     */
    @Override
    public RunView cancel(UUID userId, UUID backtestId) {
        // the run's worker writes progress meanwhile: a cancel that loses that race reads the run again
        return auditor.inTransactionRetryingRaces(em -> {
            BacktestRun r = latest(em, userId, backtestId);
            auditor.record(em, "run.cancel", RESOURCE, r.getId(), userId, List.of());
            if (r.getStatus().finished()) {
                return r.view();
            }
            r.requestCancel();
            if (r.getStatus() == RunStatus.QUEUED) {
                RunExecutor.finish(em, r, RunStatus.CANCELLED, null, null);
            }
            em.flush();
            return r.view();
        });
    }

    /**
     * The results of the latest completed run: statistics, the equity curve reduced to at most {@code points}
     * points (first and last bar always kept) and one page of trades.
     *
     * @throws BacktestException {@link ErrorCode#BACKTEST_NOT_FOUND}, {@link ErrorCode#RUN_NOT_FOUND} without a
     *         completed run, {@link ErrorCode#VALIDATION_FAILED} for points outside 2..10000
     */
    @Override
    public RunResults results(UUID userId, UUID backtestId, int points, PageRequest tradesPage) {
        checkResultsArguments(points, tradesPage);
        return database.inTransaction(em -> {
            Backtests.owned(em, userId, backtestId);
            return results(em, backtestId, latestCompleted(em, backtestId), points, tradesPage);
        });
    }

    @Override
    public RunResults results(UUID userId, UUID backtestId, UUID runId, int points, PageRequest tradesPage) {
        checkResultsArguments(points, tradesPage);
        return database.inTransaction(em -> {
            Backtests.owned(em, userId, backtestId);
            return results(em, backtestId, completed(em, backtestId, runId), points, tradesPage);
        });
    }

    private static void checkResultsArguments(int points, PageRequest tradesPage) {
        Objects.requireNonNull(tradesPage, "tradesPage");
        if (points < 2 || points > MAX_POINTS) {
            throw FieldErrors.single("points", "must be from 2 to " + MAX_POINTS + "; got " + points);
        }
    }

    private static RunResults results(EntityManager em, UUID backtestId, RunResult result, int points, PageRequest tradesPage) {
        UUID runId = result.getId();
        long total = em.createQuery("select count(t) from RunTrade t where t.runId = :r", Long.class).setParameter("r", runId)
                .getSingleResult();
        List<RunResults.TradeRow> rows = em.createQuery("select t from RunTrade t where t.runId = :r order by t.seq", RunTrade.class)
                .setParameter("r", runId).setFirstResult(tradesPage.offset()).setMaxResults(tradesPage.limit()).getResultList()
                .stream().map(t -> RunTrade.row(t.values())).toList();
        Page<RunResults.TradeRow> trades = tradesPage.page(rows, total);
        return new RunResults(runId, backtestId, result.getBarCount(), StoredJson.tree(result.getStatsJson()),
                EquityCurves.reduce(StoredJson.tree(result.getEquityCurveJson()), points), trades);
    }

    /**
     * The self-contained HTML report of the latest completed run: statistics, the equity curve with
     * buy-and-hold, the drawdown, the candles with trades marked, and the trades. The candles are read
     * again from the store; when they no longer match the run's bars the report is refused.
     *
     * <pre>{@code
     * Files.writeString(Path.of("report.html"), client.runs().report(me, backtestId));
     * }</pre>
     *
     * @throws BacktestException {@link ErrorCode#BACKTEST_NOT_FOUND}, {@link ErrorCode#RUN_NOT_FOUND} without a
     *         completed run, {@link ErrorCode#DATA_CORRUPT} when the market data changed since the run
     */
    @Override
    public String report(UUID userId, UUID backtestId) {
        return report(database.inTransaction(em -> {
            Backtest b = Backtests.owned(em, userId, backtestId);
            return CompletedRun.read(em, b, latestCompleted(em, backtestId));
        }));
    }

    @Override
    public String report(UUID userId, UUID backtestId, UUID runId) {
        return report(database.inTransaction(em -> {
            Backtest b = Backtests.owned(em, userId, backtestId);
            return CompletedRun.read(em, b, completed(em, backtestId, runId));
        }));
    }

    private String report(CompletedRun stored) {
        RunSnapshot s = stored.snapshot();
        RunResults.EquityCurve curve = EquityCurves.reduce(stored.curve(), Integer.MAX_VALUE);
        CandleSeries bars = candles.load(s);
        if (bars.size() != curve.time().length || (bars.size() > 0 && bars.time()[0] != curve.time()[0])) {
            throw BacktestException.of(ErrorCode.DATA_CORRUPT, "the candles of " + s.symbol() + " changed since the run ("
                    + bars.size() + " bars now, " + curve.time().length + " then); run the backtest again for a report");
        }
        double[] ddPct = new double[curve.drawdown().length];
        for (int i = 0; i < ddPct.length; i++) {
            ddPct[i] = Double.isNaN(curve.drawdown()[i]) ? 0 : -curve.drawdown()[i] * 100;
        }
        Map<String, Object> stats = new LinkedHashMap<>();
        stored.stats().fields().forEachRemaining(f -> stats.put(f.getKey(), f.getValue().isInt() ? (Object) f.getValue().asInt()
                : f.getValue().isNumber() ? (Object) f.getValue().asDouble() : f.getValue().isNull() ? null : f.getValue().asText()));
        List<ReportData.Trade> trades = stored.trades().stream()
                .map(v -> new ReportData.Trade(v.entryTime().toEpochSecond(), v.exitTime().toEpochSecond(), v.size().doubleValue(),
                        v.entryPrice().doubleValue(), v.exitPrice().doubleValue(), v.pnl().doubleValue(), v.returnPct()))
                .toList();
        return Reports.html(new ReportData(stored.backtestName(), s.symbol(), s.timeframe().code(), bars.time(), bars.open(), bars.high(),
                bars.low(), bars.close(), curve.equity(), ddPct, stats, trades));
    }

    @Override
    public Page<RunView> list(UUID userId, UUID backtestId, PageRequest page) {
        Objects.requireNonNull(page, "page");
        String order = page.sort() == PageRequest.Sort.CREATED_AT ? " order by r.queuedAt, r.createdAt, r.id"
                : " order by r.queuedAt desc, r.createdAt desc, r.id desc";
        return database.inTransaction(em -> {
            Backtests.owned(em, userId, backtestId);
            String where = " from BacktestRun r where r.backtestId = :b and r.kind = 'backtest'";
            long total = em.createQuery("select count(r)" + where, Long.class).setParameter("b", backtestId).getSingleResult();
            List<RunView> items = em.createQuery("select r" + where + order, BacktestRun.class).setParameter("b", backtestId)
                    .setFirstResult(page.offset()).setMaxResults(page.limit()).getResultList().stream().map(BacktestRun::view).toList();
            return page.page(items, total);
        });
    }

    @Override
    public RunView get(UUID userId, UUID backtestId, UUID runId) {
        return database.inTransaction(em -> {
            Backtests.owned(em, userId, backtestId);
            return run(em, backtestId, runId).view();
        });
    }

    /** The backtest's run {@code runId} (the backtest's ownership already checked), or RUN_NOT_FOUND. */
    public static BacktestRun run(EntityManager em, UUID backtestId, UUID runId) {
        BacktestRun r = runId == null ? null : em.find(BacktestRun.class, runId);
        if (r == null || !r.getBacktestId().equals(backtestId) || !r.getKind().equals("backtest")) {
            throw RunService.runNotFound(backtestId, runId);
        }
        return r;
    }

    /** The results of the backtest's run {@code runId} (ownership already checked), or RUN_NOT_FOUND unless it completed. */
    public static RunResult completed(EntityManager em, UUID backtestId, UUID runId) {
        BacktestRun r = run(em, backtestId, runId);
        RunResult result = r.getStatus() == RunStatus.COMPLETED ? em.find(RunResult.class, runId) : null;
        if (result == null) {
            throw BacktestException.of(ErrorCode.RUN_NOT_FOUND, "run " + runId + " of backtest " + backtestId + " is "
                    + r.getStatus().wire() + ", not completed: only completed runs have results").with("backtest_id", backtestId.toString());
        }
        return result;
    }

    private static BacktestRun latest(EntityManager em, UUID userId, UUID backtestId) {
        Backtests.owned(em, userId, backtestId);
        return latestRun(em, backtestId).orElseThrow(() -> BacktestException.of(ErrorCode.RUN_NOT_FOUND, "backtest " + backtestId
                + " has not been run; start it with POST /api/v1/backtests/" + backtestId + "/run").with("backtest_id", backtestId.toString()));
    }

    static Optional<BacktestRun> latestRun(EntityManager em, UUID backtestId) {
        return em.createQuery("select r from BacktestRun r where r.backtestId = :b order by r.queuedAt desc, r.createdAt desc",
                BacktestRun.class).setParameter("b", backtestId).setMaxResults(1).getResultList().stream().findFirst();
    }

    /** The results of the backtest's latest completed run (ownership already checked), or RUN_NOT_FOUND. */
    public static RunResult latestCompleted(EntityManager em, UUID backtestId) {
        List<BacktestRun> done = em.createQuery("select r from BacktestRun r where r.backtestId = :b and r.status = 'completed'"
                + " order by r.finishedAt desc, r.id", BacktestRun.class).setParameter("b", backtestId).setMaxResults(1).getResultList();
        RunResult result = done.isEmpty() ? null : em.find(RunResult.class, done.get(0).getId());
        if (result == null) {
            throw BacktestException.of(ErrorCode.RUN_NOT_FOUND, "backtest " + backtestId + " has no completed run; start one with"
                    + " POST /api/v1/backtests/" + backtestId + "/run").with("backtest_id", backtestId.toString());
        }
        return result;
    }
}
