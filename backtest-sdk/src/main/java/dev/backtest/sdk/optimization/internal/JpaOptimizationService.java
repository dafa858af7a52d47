package dev.backtest.sdk.optimization.internal;

import dev.backtest.engine.CandleSeries;
import dev.backtest.sdk.audit.internal.Auditor;
import dev.backtest.sdk.backtest.internal.Backtests;
import dev.backtest.sdk.optimization.OptimizationService;
import dev.backtest.sdk.optimization.OptimizationView;
import dev.backtest.sdk.optimization.OptimizeRequest;
import dev.backtest.sdk.optimization.OptimizeResult;
import dev.backtest.engine.strategies.StrategySpec;
import dev.backtest.sdk.ml.internal.StrategyCatalog;
import dev.backtest.sdk.persistence.internal.Database;
import dev.backtest.sdk.run.RunService;
import dev.backtest.sdk.run.RunStatus;
import dev.backtest.sdk.run.internal.CandleSource;
import dev.backtest.sdk.run.internal.BacktestWork;
import dev.backtest.sdk.run.internal.JpaRunService;
import dev.backtest.sdk.run.internal.RunQueue;
import dev.backtest.sdk.run.internal.RunSnapshot;
import jakarta.persistence.EntityManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * {@link OptimizationService} on the database and the cluster-wide {@link RunQueue}. Each distributed start and each
 * cancel records one audit event ({@code optimization.start}, {@code optimization.cancel}) in its own transaction; an
 * in-process {@link #optimize} stores nothing and records nothing.
 *
 * <pre>{@code
 * OptimizationService sweeps = new JpaOptimizationService(database, queue, candles, 10_000, auditor);
 * OptimizeResult best = sweeps.optimize(me, backtestId, request);
 * }</pre>
 */
public final class JpaOptimizationService implements OptimizationService {

    private static final Logger LOG = LoggerFactory.getLogger(JpaOptimizationService.class);
    private static final String RESOURCE = "optimization";

    private final Database database;
    private final RunQueue queue;
    private final CandleSource candles;
    private final long maxGridSize;
    private final Auditor auditor;
    private final StrategyCatalog catalog;

    /** With the largest sweep allowed ({@code OPTIMIZE_MAX_GRID}), and an audit trail of its own (recording kind user). */
    public JpaOptimizationService(Database database, RunQueue queue, CandleSource candles, long maxGridSize) {
        this(database, queue, candles, maxGridSize, new Auditor(database));
    }

    /** With the largest sweep allowed ({@code OPTIMIZE_MAX_GRID}), recording its writes through {@code auditor}. */
    public JpaOptimizationService(Database database, RunQueue queue, CandleSource candles, long maxGridSize, Auditor auditor) {
        this(database, queue, candles, maxGridSize, auditor, StrategyCatalog.builtIns());
    }

    /** Resolving strategy types in {@code catalog}; a sweep of an {@code ml_predictive} model trained on its bars is refused. */
    public JpaOptimizationService(Database database, RunQueue queue, CandleSource candles, long maxGridSize, Auditor auditor,
                                  StrategyCatalog catalog) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.database = Objects.requireNonNull(database, "database");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.candles = Objects.requireNonNull(candles, "candles");
        this.maxGridSize = maxGridSize;
        this.auditor = Objects.requireNonNull(auditor, "auditor");
    }

    /** The sweep's strategy type for its owner, after the leakage check of the backtest's model (for ml_predictive). */
    private StrategySpec spec(UUID userId, RunSnapshot setup) {
        catalog.checkLeakage(userId, setup.strategy(), setup.parameters(), setup.startDate(), setup.endDate(), setup.timeframe());
        return catalog.spec(userId, setup.strategy());
    }

    @Override
    public OptimizeResult optimize(UUID userId, UUID backtestId, OptimizeRequest request) {
        RunSnapshot setup = database.inTransaction(em -> JpaRunService.snapshotOf(em, userId, backtestId));
        StrategySpec spec = spec(userId, setup);
        ParameterSweep.Plan plan = ParameterSweep.plan(setup, spec, request, maxGridSize);
        CandleSeries series = candles.load(setup);
        List<ParameterSweep.Ranked> best = ParameterSweep.evaluate(setup, spec, plan.sweep(), series, plan.combinations(), 0);
        return ParameterSweep.result(setup.strategy(), plan.metric(), plan.gridSize(), plan.combinations().size(), best);
    }

    @Override
    public OptimizationView start(UUID userId, UUID backtestId, OptimizeRequest request) {
        RunSnapshot setup = database.inTransaction(em -> JpaRunService.snapshotOf(em, userId, backtestId));
        ParameterSweep.Plan plan = ParameterSweep.plan(setup, spec(userId, setup), request, maxGridSize);
        List<Integer> sizes = ParameterSweep.chunkSizes(plan.combinations().size());
        OptimizationView started = auditor.inTransaction(em -> {
            // the backtest again: it may have been deleted since it was read
            Backtests.owned(em, userId, backtestId);
            Optimization o = new Optimization(userId, backtestId, ParameterSweep.requestJson(plan), setup, plan.metric(), plan.top(),
                    plan.gridSize(), plan.combinations().size(), sizes.size(),
                    OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS)); // as stored: the view answers what GET will
            em.persist(o);
            em.flush(); // before its chunks: nothing tells EclipseLink the insert order of unrelated entities
            List<UUID> chunks = new ArrayList<>(sizes.size());
            int first = 0;
            for (int seq = 0; seq < sizes.size(); seq++) {
                List<Map<String, Object>> slice = plan.combinations().subList(first, first + sizes.get(seq));
                OptimizationChunk c = new OptimizationChunk(o.getId(), seq, first, slice.size(), ParameterSweep.combinationsJson(slice),
                        RunService.MAX_ATTEMPTS);
                em.persist(c);
                chunks.add(c.getId());
                first += slice.size();
            }
            em.flush(); // the chunks before their queue entries, which a worker may claim once committed
            // in the same transaction: the sweep, its chunks and their queue entries exist together or not at all
            chunks.forEach(id -> RunQueue.enqueueChunk(em, id));
            auditor.record(em, "optimization.start", RESOURCE, o.getId(), userId, List.of());
            return o.view();
        });
        queue.wake();
        LOG.info("Optimization {} of backtest {} queued: {} combinations in {} chunks", started.id(), backtestId,
                plan.combinations().size(), sizes.size());
        return started;
    }

    @Override
    public OptimizationView get(UUID userId, UUID backtestId, UUID optimizationId) {
        return database.inTransaction(em -> owned(em, userId, backtestId, optimizationId, false).view());
    }

    @Override
    public OptimizationView cancel(UUID userId, UUID backtestId, UUID optimizationId) {
        return auditor.inTransaction(em -> {
            Optimization o = owned(em, userId, backtestId, optimizationId, true);
            auditor.record(em, "optimization.cancel", RESOURCE, o.getId(), userId, List.of());
            if (!o.getStatus().finished()) {
                OptimizationExecutor.finish(em, o, RunStatus.CANCELLED, null, null);
                em.flush();
            }
            return o.view();
        });
    }

    private static Optimization owned(EntityManager em, UUID userId, UUID backtestId, UUID optimizationId, boolean lock) {
        return BacktestWork.owned(em, Optimization.class, userId, backtestId, optimizationId, lock, () -> OptimizationService.notFound(backtestId, optimizationId));
    }
}
