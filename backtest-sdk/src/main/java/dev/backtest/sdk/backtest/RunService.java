package dev.backtest.sdk.backtest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.error.FieldErrors;
import dev.backtest.sdk.Page;
import dev.backtest.sdk.PageRequest;
import dev.backtest.engine.BacktestResult;
import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.RunOptions;
import dev.backtest.sdk.persistence.Database;
import dev.backtest.sdk.persistence.JsonColumns;
import dev.backtest.sdk.strategy.StrategyDefinition;
import jakarta.persistence.EntityManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Runs of a user's backtests: queued on the cluster-wide {@link RunQueue}, executed by whichever
 * instance claims them, with status, progress and results in the database. Parameter sweeps too: in
 * this process ({@link #optimize}) or as chunks on the same queue ({@link #startOptimization}). Every
 * method takes the acting user's id; another user's backtest behaves like a missing one. Thread-safe;
 * get it from {@link dev.backtest.sdk.BacktestClient#runs()}.
 *
 * <pre>{@code
 * RunView run = client.runs().start(me, backtestId);
 * // ... later, or after polling get() until finished():
 * RunResults r = client.runs().results(me, backtestId, 500, PageRequest.first(50));
 * }</pre>
 */
public final class RunService {

    private static final Logger LOG = LoggerFactory.getLogger(RunService.class);
    /** Attempts of a run before it is marked failed (a worker death or an unexpected error costs one). */
    public static final int MAX_ATTEMPTS = 3;
    public static final int MAX_POINTS = 10_000;
    static final ObjectMapper JSON = dev.backtest.sdk.json.BacktestJson.newMapper();

    /** The default of {@code OPTIMIZE_MAX_GRID}, the most combinations a sweep may have. */
    public static final long DEFAULT_MAX_GRID_SIZE = 10_000;
    private static final int CANCEL_ATTEMPTS = 10;

    private final Database database;
    private final RunQueue queue;
    private final RunExecutor.CandleSource candles;
    private final long maxGridSize;

    public RunService(Database database, RunQueue queue, RunExecutor.CandleSource candles) {
        this(database, queue, candles, DEFAULT_MAX_GRID_SIZE);
    }

    /** With the largest sweep allowed ({@code OPTIMIZE_MAX_GRID}). */
    public RunService(Database database, RunQueue queue, RunExecutor.CandleSource candles, long maxGridSize) {
        this.database = Objects.requireNonNull(database, "database");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.candles = Objects.requireNonNull(candles, "candles");
        this.maxGridSize = maxGridSize;
    }

    /**
     * Queues a new run of the backtest with its current strategy, parameters, capital and commission
     * (a snapshot kept in the run's options), sets the backtest {@code queued} and hands the run to the queue.
     *
     * @throws BacktestException {@link ErrorCode#BACKTEST_NOT_FOUND}; {@link ErrorCode#BACKTEST_INVALID_STATE} while
     *         queued or running; {@link ErrorCode#VALIDATION_FAILED} without a strategy
     */
    public RunView start(UUID userId, UUID backtestId) {
        RunView run = database.inTransaction(em -> {
            Backtest b = BacktestService.owned(em, userId, backtestId);
            BacktestService.requireEditable(b, "run again");
            StrategyDefinition strategy = b.getStrategyId().map(id -> em.find(StrategyDefinition.class, id)).orElse(null);
            if (strategy == null) {
                throw FieldErrors.single("strategy", "backtest " + backtestId + " has no strategy; set one before running it");
            }
            Map<String, Object> parameters = new HashMap<>(JsonColumns.read(strategy.getParametersJson()));
            parameters.putAll(JsonColumns.read(b.getParametersJson()));
            OffsetDateTime now = now();
            BacktestRun r = new BacktestRun(b.getId(), userId, "backtest", options(b, strategy.getType(), parameters), MAX_ATTEMPTS, now);
            em.persist(r);
            b.setStatus(BacktestStatus.QUEUED);
            em.flush();
            // in the same transaction: the run and its queue entry exist together or not at all
            RunQueue.enqueue(em, r.getId());
            return RunView.of(r);
        });
        queue.wake();
        return run;
    }

    /**
     * The latest run of the backtest.
     *
     * @throws BacktestException {@link ErrorCode#BACKTEST_NOT_FOUND}, {@link ErrorCode#RUN_NOT_FOUND} if it never ran
     */
    public RunView get(UUID userId, UUID backtestId) {
        return database.inTransaction(em -> RunView.of(latest(em, userId, backtestId)));
    }

    /**
     * Cancels the latest run: a queued run is cancelled at once, a running one stops at its next progress
     * check. A finished run is left as it is (cancel is idempotent).
     *
     * @throws BacktestException {@link ErrorCode#BACKTEST_NOT_FOUND}, {@link ErrorCode#RUN_NOT_FOUND} if it never ran
     */
    public RunView cancel(UUID userId, UUID backtestId) {
        // the run's worker writes progress meanwhile: a cancel that loses that race reads the run again
        return database.inTransactionRetryingRaces(CANCEL_ATTEMPTS, em -> {
            BacktestRun r = latest(em, userId, backtestId);
            if (r.getStatus().finished()) {
                return RunView.of(r);
            }
            r.setCancelRequested(true);
            if (r.getStatus() == RunStatus.QUEUED) {
                RunExecutor.finish(em, r, RunStatus.CANCELLED, null, null);
            }
            em.flush();
            return RunView.of(r);
        });
    }

    /**
     * The results of the latest completed run: statistics, the equity curve reduced to at most {@code points}
     * points (first and last bar always kept) and one page of trades.
     *
     * @throws BacktestException {@link ErrorCode#BACKTEST_NOT_FOUND}, {@link ErrorCode#RUN_NOT_FOUND} without a
     *         completed run, {@link ErrorCode#VALIDATION_FAILED} for points outside 2..10000
     */
    public RunResults results(UUID userId, UUID backtestId, int points, PageRequest tradesPage) {
        Objects.requireNonNull(tradesPage, "tradesPage");
        if (points < 2 || points > MAX_POINTS) {
            throw FieldErrors.single("points", "must be from 2 to " + MAX_POINTS + "; got " + points);
        }
        return database.inTransaction(em -> {
            BacktestService.owned(em, userId, backtestId);
            RunResult result = latestCompleted(em, backtestId);
            UUID runId = result.getId();
            long total = em.createQuery("select count(t) from RunTrade t where t.runId = :r", Long.class).setParameter("r", runId)
                    .getSingleResult();
            List<RunResults.TradeRow> rows = em.createQuery("select t from RunTrade t where t.runId = :r order by t.seq", RunTrade.class)
                    .setParameter("r", runId).setFirstResult(tradesPage.offset()).setMaxResults(tradesPage.limit()).getResultList()
                    .stream().map(t -> {
                        RunTrade.Values v = t.values();
                        return new RunResults.TradeRow(v.seq(), BacktestService.plain(v.size()), v.entryBar(), v.exitBar(), v.entryTime(),
                                v.exitTime(), BacktestService.plain(v.entryPrice()), BacktestService.plain(v.exitPrice()),
                                BacktestService.plain(v.commission()), BacktestService.plain(v.pnl()), v.returnPct());
                    }).toList();
            Page<RunResults.TradeRow> trades = tradesPage.page(rows, total);
            return new RunResults(runId, backtestId, result.getBarCount(), read(result.getStatsJson()),
                    EquityCurves.reduce(read(result.getEquityCurveJson()), points), trades);
        });
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
    public String report(UUID userId, UUID backtestId) {
        record Stored(Backtest backtest, JsonNode stats, JsonNode curve, List<RunTrade.Values> trades) {
        }
        Stored stored = database.inTransaction(em -> {
            Backtest b = BacktestService.owned(em, userId, backtestId);
            RunResult result = latestCompleted(em, backtestId);
            List<RunTrade.Values> trades = em.createQuery("select t from RunTrade t where t.runId = :r order by t.seq", RunTrade.class)
                    .setParameter("r", result.getId()).getResultList().stream().map(RunTrade::values).toList();
            return new Stored(b, read(result.getStatsJson()), read(result.getEquityCurveJson()), trades);
        });
        Backtest b = stored.backtest();
        RunResults.EquityCurve curve = EquityCurves.reduce(stored.curve(), Integer.MAX_VALUE);
        CandleSeries bars = candles.load(b.getSymbol(), b.getTimeframe(), b.getStartDate(), b.getEndDate());
        if (bars.size() != curve.time().length || (bars.size() > 0 && bars.time()[0] != curve.time()[0])) {
            throw BacktestException.of(ErrorCode.DATA_CORRUPT, "the candles of " + b.getSymbol() + " changed since the run ("
                    + bars.size() + " bars now, " + curve.time().length + " then); run the backtest again for a report");
        }
        double[] ddPct = new double[curve.drawdown().length];
        for (int i = 0; i < ddPct.length; i++) {
            ddPct[i] = Double.isNaN(curve.drawdown()[i]) ? 0 : -curve.drawdown()[i] * 100;
        }
        java.util.Map<String, Object> stats = new java.util.LinkedHashMap<>();
        stored.stats().fields().forEachRemaining(f -> stats.put(f.getKey(), f.getValue().isNumber() ? (Object) f.getValue().asDouble()
                : f.getValue().isNull() ? null : f.getValue().asText()));
        List<dev.backtest.sdk.report.ReportData.Trade> trades = stored.trades().stream()
                .map(v -> new dev.backtest.sdk.report.ReportData.Trade(v.entryTime().toEpochSecond(), v.exitTime().toEpochSecond(),
                        v.size().doubleValue(), v.entryPrice().doubleValue(), v.exitPrice().doubleValue(), v.pnl().doubleValue(),
                        v.returnPct()))
                .toList();
        return dev.backtest.sdk.report.HtmlReport.render(new dev.backtest.sdk.report.ReportData(b.getName(), b.getSymbol(),
                b.getTimeframe(), bars.time(), bars.open(), bars.high(), bars.low(), bars.close(), curve.equity(), ddPct, stats, trades));
    }

    /**
     * Sweeps a grid of strategy parameters over the backtest's candles in this process, on all cores, and
     * returns the best {@code top} by the metric. Combinations the strategy rejects (or the constraint
     * excludes) are skipped. Nothing is stored. {@link #startOptimization} does the same as queue items
     * shared by every instance.
     *
     * @throws BacktestException {@link ErrorCode#BACKTEST_NOT_FOUND}; {@link ErrorCode#VALIDATION_FAILED} for a bad
     *         grid, constraint or top; {@link ErrorCode#GRID_TOO_LARGE} above {@code OPTIMIZE_MAX_GRID} combinations;
     *         {@link ErrorCode#INVALID_RUN_OPTIONS} for an unknown metric
     */
    public OptimizeResult optimize(UUID userId, UUID backtestId, OptimizeRequest request) {
        ParameterSweep.Setup setup = database.inTransaction(em -> ParameterSweep.setup(em, userId, backtestId));
        ParameterSweep.Plan plan = ParameterSweep.plan(setup, request, maxGridSize);
        CandleSeries series = candles.load(setup.symbol(), setup.timeframe(), setup.start(), setup.end());
        List<ParameterSweep.Ranked> best = ParameterSweep.evaluate(setup, plan.sweep(), series, plan.combinations(), 0);
        return ParameterSweep.result(setup.strategy(), plan.metric(), plan.gridSize(), plan.combinations().size(), best);
    }

    /**
     * Starts a distributed sweep: validates exactly like {@link #optimize}, stores the sweep with a snapshot of the
     * backtest (strategy, merged parameters, candles, engine options), splits its combinations into chunks (about
     * 16, at most 500 combinations each) and queues one item per chunk on the cluster-wide {@link RunQueue}. Returns
     * at once; any instance with workers runs the chunks on all its cores, and the one that finishes the last chunk
     * merges their results. Follow it with {@link #optimization}.
     *
     * <pre>{@code
     * OptimizationView o = client.runs().startOptimization(me, backtestId, new OptimizeRequest(
     *         Map.of("fast", List.of(5, 10, 20), "slow", List.of(30, 50)), "fast < slow", "sharpe_ratio", 3));
     * while (!(o = client.runs().optimization(me, backtestId, o.id())).finished()) Thread.sleep(500);
     * }</pre>
     *
     * @throws BacktestException as {@link #optimize}
     */
    public OptimizationView startOptimization(UUID userId, UUID backtestId, OptimizeRequest request) {
        ParameterSweep.Setup setup = database.inTransaction(em -> ParameterSweep.setup(em, userId, backtestId));
        ParameterSweep.Plan plan = ParameterSweep.plan(setup, request, maxGridSize);
        List<Integer> sizes = ParameterSweep.chunkSizes(plan.combinations().size());
        record Started(OptimizationView view, List<UUID> chunks) {
        }
        Started started = database.inTransaction(em -> {
            // the backtest again: it may have been deleted since it was read
            BacktestService.owned(em, userId, backtestId);
            Optimization o = new Optimization(userId, backtestId, ParameterSweep.requestJson(plan), ParameterSweep.snapshot(setup),
                    plan.metric(), plan.top(), plan.gridSize(), plan.combinations().size(), sizes.size(),
                    now().truncatedTo(java.time.temporal.ChronoUnit.MICROS)); // as stored: the view answers what GET will
            em.persist(o);
            em.flush(); // before its chunks: nothing tells EclipseLink the insert order of unrelated entities
            List<UUID> chunks = new java.util.ArrayList<>(sizes.size());
            int first = 0;
            for (int seq = 0; seq < sizes.size(); seq++) {
                List<Map<String, Object>> slice = plan.combinations().subList(first, first + sizes.get(seq));
                OptimizationChunk c = new OptimizationChunk(o.getId(), seq, first, slice.size(), ParameterSweep.combinationsJson(slice),
                        MAX_ATTEMPTS);
                em.persist(c);
                chunks.add(c.getId());
                first += slice.size();
            }
            em.flush(); // the chunks before their queue entries, which a worker may claim once committed
            // in the same transaction: the sweep, its chunks and their queue entries exist together or not at all
            chunks.forEach(id -> RunQueue.enqueueChunk(em, id));
            return new Started(OptimizationView.of(o), chunks);
        });
        queue.wake();
        LOG.info("Optimization {} of backtest {} queued: {} combinations in {} chunks", started.view().id(), backtestId,
                plan.combinations().size(), sizes.size());
        return started.view();
    }

    /**
     * A distributed sweep of the backtest: status, progress, and the best parameter sets once completed.
     *
     * @throws BacktestException {@link ErrorCode#BACKTEST_NOT_FOUND}, {@link ErrorCode#OPTIMIZATION_NOT_FOUND} when the
     *         backtest has no such sweep
     */
    public OptimizationView optimization(UUID userId, UUID backtestId, UUID optimizationId) {
        return database.inTransaction(em -> OptimizationView.of(ownedOptimization(em, userId, backtestId, optimizationId, false)));
    }

    /**
     * Cancels a distributed sweep: chunks not yet started are skipped, running ones finish without effect. A finished
     * sweep is left as it is (cancel is idempotent).
     *
     * @throws BacktestException {@link ErrorCode#BACKTEST_NOT_FOUND}, {@link ErrorCode#OPTIMIZATION_NOT_FOUND}
     */
    public OptimizationView cancelOptimization(UUID userId, UUID backtestId, UUID optimizationId) {
        return database.inTransaction(em -> {
            Optimization o = ownedOptimization(em, userId, backtestId, optimizationId, true);
            if (!o.getStatus().finished()) {
                OptimizationExecutor.finish(em, o, RunStatus.CANCELLED, null, null);
                em.flush();
            }
            return OptimizationView.of(o);
        });
    }

    private static Optimization ownedOptimization(EntityManager em, UUID userId, UUID backtestId, UUID optimizationId, boolean lock) {
        BacktestService.owned(em, userId, backtestId);
        Optimization o = optimizationId == null ? null : lock
                ? em.find(Optimization.class, optimizationId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
                : em.find(Optimization.class, optimizationId);
        if (o == null || !o.getBacktestId().equals(backtestId) || !o.getUserId().equals(userId)) {
            throw optimizationNotFound(backtestId, optimizationId);
        }
        return o;
    }

    /** The error for an optimization id that is not one of the backtest's (also for a malformed id). */
    public static BacktestException optimizationNotFound(UUID backtestId, Object optimizationId) {
        return BacktestException.of(ErrorCode.OPTIMIZATION_NOT_FOUND, "backtest " + backtestId + " has no optimization " + optimizationId)
                .with("optimization_id", String.valueOf(optimizationId));
    }

    private static BacktestRun latest(EntityManager em, UUID userId, UUID backtestId) {
        BacktestService.owned(em, userId, backtestId);
        return latestRun(em, backtestId).orElseThrow(() -> BacktestException.of(ErrorCode.RUN_NOT_FOUND, "backtest " + backtestId
                + " has not been run; start it with POST /api/v1/backtests/" + backtestId + "/run").with("backtest_id", backtestId.toString()));
    }

    static Optional<BacktestRun> latestRun(EntityManager em, UUID backtestId) {
        return em.createQuery("select r from BacktestRun r where r.backtestId = :b order by r.queuedAt desc, r.createdAt desc",
                BacktestRun.class).setParameter("b", backtestId).setMaxResults(1).getResultList().stream().findFirst();
    }

    /**
     * The engine options of a stored backtest's runs and sweeps: its capital and commission, and fractional units.
     * Fractional because a stored backtest is defined by an amount of money, and its trades are recorded in fractions
     * (0.1 BTC): in whole units a 10,000 backtest of BTC could never buy one and would run without a trade. The
     * engine's own default (whole units, as the spec and backtesting.py) is unchanged for SDK and CLI runs.
     */
    static RunOptions engineOptions(Backtest b) {
        return RunOptions.builder().cash(b.getInitialCapital().doubleValue()).commission(b.getCommission().doubleValue())
                .fractionalUnits(true).build();
    }

    /** The snapshot a run executes: where the candles come from, the strategy and the engine options. */
    private static String options(Backtest b, String strategyType, Map<String, Object> parameters) {
        RunOptions engine = engineOptions(b);
        ObjectNode o = JSON.createObjectNode();
        o.put("symbol", b.getSymbol());
        o.put("timeframe", b.getTimeframe());
        o.put("start_date", b.getStartDate().toString());
        o.put("end_date", b.getEndDate().toString());
        o.put("strategy", strategyType);
        o.set("parameters", JSON.valueToTree(new java.util.TreeMap<>(parameters)));
        o.set("engine", JSON.valueToTree(engine));
        return write(o);
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new BacktestException(ErrorCode.INTERNAL, "cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The results of the backtest's latest completed run, or RUN_NOT_FOUND. */
    private static RunResult latestCompleted(jakarta.persistence.EntityManager em, UUID backtestId) {
        List<BacktestRun> done = em.createQuery("select r from BacktestRun r where r.backtestId = :b and r.status = 'completed'"
                + " order by r.finishedAt desc, r.id", BacktestRun.class).setParameter("b", backtestId).setMaxResults(1).getResultList();
        RunResult result = done.isEmpty() ? null : em.find(RunResult.class, done.get(0).getId());
        if (result == null) {
            throw BacktestException.of(ErrorCode.RUN_NOT_FOUND, "backtest " + backtestId + " has no completed run; start one with"
                    + " POST /api/v1/backtests/" + backtestId + "/run").with("backtest_id", backtestId.toString());
        }
        return result;
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new BacktestException(ErrorCode.DATA_CORRUPT, "stored run JSON cannot be read: " + e.getOriginalMessage(), e);
        }
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
