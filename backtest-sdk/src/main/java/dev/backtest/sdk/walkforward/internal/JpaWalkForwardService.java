package dev.backtest.sdk.walkforward.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.Sweep;
import dev.backtest.engine.WalkForward;
import dev.backtest.engine.WalkForwardResult;
import dev.backtest.engine.strategies.ParamSpec;
import dev.backtest.engine.strategies.Strategies;
import dev.backtest.engine.strategies.StrategySpec;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.error.FieldErrors;
import dev.backtest.sdk.backtest.internal.Backtests;
import dev.backtest.sdk.json.BacktestJson;
import dev.backtest.sdk.persistence.internal.Database;
import dev.backtest.sdk.persistence.internal.StoredJson;
import dev.backtest.sdk.run.RunStatus;
import dev.backtest.sdk.run.internal.CandleSource;
import dev.backtest.sdk.run.internal.BacktestWork;
import dev.backtest.sdk.run.internal.JpaRunService;
import dev.backtest.sdk.run.internal.RunSnapshot;
import dev.backtest.sdk.walkforward.WalkForwardDocument;
import dev.backtest.sdk.walkforward.WalkForwardRequest;
import dev.backtest.sdk.walkforward.WalkForwardService;
import dev.backtest.sdk.walkforward.WalkForwardView;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * {@link WalkForwardService} on the database and the client's {@link WalkForwardWorker}: a start stores the row and hands
 * the work to the worker, which loads the candles, runs the engine's {@link WalkForward} and writes progress after each
 * window in short transactions; a cancel marks the row cancelled, which the work sees after the window in progress and
 * stops without writing.
 *
 * <pre>{@code
 * WalkForwardService wf = new JpaWalkForwardService(database, worker, candles, 10_000);
 * WalkForwardView v = wf.start(me, backtestId, request);
 * }</pre>
 */
public final class JpaWalkForwardService implements WalkForwardService {

    private static final Logger LOG = LoggerFactory.getLogger(JpaWalkForwardService.class);

    private final Database database;
    private final WalkForwardWorker worker;
    private final CandleSource candles;
    private final long maxGridSize;

    public JpaWalkForwardService(Database database, WalkForwardWorker worker, CandleSource candles, long maxGridSize) {
        this.database = Objects.requireNonNull(database, "database");
        this.worker = Objects.requireNonNull(worker, "worker");
        this.candles = Objects.requireNonNull(candles, "candles");
        this.maxGridSize = maxGridSize;
    }

    /** A validated request: the walk-forward to run (its sweep over the backtest's parameters) and the request as stored. */
    record Plan(WalkForward walkForward, String requestJson) {
    }

    @Override
    public WalkForwardView start(UUID userId, UUID backtestId, WalkForwardRequest request) {
        RunSnapshot setup = database.inTransaction(em -> JpaRunService.snapshotOf(em, userId, backtestId));
        Plan plan = plan(setup, request, maxGridSize);
        WalkForward wf = plan.walkForward();
        // the candles now, so that a series too short for one window is refused here rather than failing later
        CandleSeries series = candles.load(setup);
        int total = wf.windows(series.size()).size();
        WalkForwardView started = database.inTransaction(em -> {
            Backtests.owned(em, userId, backtestId); // again: it may have been deleted since it was read
            WalkForwardRun w = new WalkForwardRun(userId, backtestId, plan.requestJson(), setup, wf.sweep().metric(), wf.mode().wire(),
                    wf.trainBars(), wf.testBars(), wf.step(), OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS));
            em.persist(w);
            em.flush();
            return w.view();
        });
        worker.submit(() -> execute(started.id(), setup, wf, series, total));
        LOG.info("Walk-forward {} of backtest {} queued", started.id(), backtestId);
        return started;
    }

    @Override
    public WalkForwardView get(UUID userId, UUID backtestId, UUID walkForwardId) {
        return database.inTransaction(em -> owned(em, userId, backtestId, walkForwardId, false).view());
    }

    @Override
    public WalkForwardView cancel(UUID userId, UUID backtestId, UUID walkForwardId) {
        return database.inTransactionRetryingRaces(em -> {
            WalkForwardRun w = owned(em, userId, backtestId, walkForwardId, true);
            if (!w.getStatus().finished()) {
                w.finish(RunStatus.CANCELLED, null, null, now());
                em.flush();
            }
            return w.view();
        });
    }

    /** Thrown from the progress callback when the row was cancelled: stops the engine between windows. */
    private static final class Cancelled extends RuntimeException {
        Cancelled() {
            super("cancelled", null, false, false);
        }
    }

    private void execute(UUID id, RunSnapshot setup, WalkForward wf, CandleSeries series, int total) {
        try {
            if (!update(id, w -> w.begin(total, now()))) {
                return;
            }
            StrategySpec spec = Strategies.spec(setup.strategy());
            WalkForwardResult result = wf.run(series, spec::create, setup.engine(), (done, all) -> {
                if (!update(id, w -> w.windowDone(done))) {
                    throw new Cancelled();
                }
            });
            String json = BacktestJson.newMapper().writeValueAsString(WalkForwardDocument.of(result, true));
            update(id, w -> w.complete(json, now()));
            LOG.info("Walk-forward {} completed: {} windows", id, total);
        } catch (Cancelled e) {
            LOG.info("Walk-forward {} cancelled", id);
        } catch (BacktestException e) {
            update(id, w -> w.finish(RunStatus.FAILED, e.code().name(), e.getMessage(), now()));
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.warn("Walk-forward {} failed", id, e);
            update(id, w -> w.finish(RunStatus.FAILED, ErrorCode.INTERNAL.name(), String.valueOf(e), now()));
        }
    }

    /** Applies {@code change} to the row unless it is finished (cancelled meanwhile); whether it was applied. */
    private boolean update(UUID id, java.util.function.Consumer<WalkForwardRun> change) {
        return database.inTransactionRetryingRaces(em -> {
            WalkForwardRun w = em.find(WalkForwardRun.class, id, LockModeType.PESSIMISTIC_WRITE);
            if (w == null || w.getStatus().finished()) {
                return false;
            }
            change.accept(w);
            return true;
        });
    }

    /**
     * Validates the request against the backtest's strategy, every wrong field named in one error.
     *
     * @throws BacktestException as {@link WalkForwardService#start}
     */
    static Plan plan(RunSnapshot setup, WalkForwardRequest request, long maxGrid) {
        WalkForwardRequest req = request == null ? new WalkForwardRequest(null, null, null, null, null, null, null) : request;
        StrategySpec spec = Strategies.spec(setup.strategy());
        Set<String> names = new LinkedHashSet<>(spec.params().stream().map(ParamSpec::name).toList());
        FieldErrors errors = new FieldErrors();
        Map<String, List<Object>> grid = req.grid() == null ? Map.of() : req.grid();
        for (String name : grid.keySet()) {
            if (!names.contains(name)) {
                errors.add("grid." + name, "is not a parameter of " + setup.strategy() + "; accepted: " + names);
            }
        }
        Map<String, Object> fixed = new LinkedHashMap<>(spec.defaults());
        fixed.putAll(setup.parameters());
        Sweep sweep = errors.collect(() -> Sweep.of(grid, fixed, req.constraint(), 1));
        if (req.trainBars() == null) {
            errors.add("train_bars", "is required");
        }
        if (req.testBars() == null) {
            errors.add("test_bars", "is required");
        }
        WalkForward.Mode mode = errors.collect(() -> WalkForward.Mode.parse(req.mode()));
        WalkForward wf = req.trainBars() == null || req.testBars() == null ? null
                : errors.collect(() -> WalkForward.of(sweep == null ? Sweep.of(Map.of("_", List.of(0))) : sweep, req.trainBars(),
                        req.testBars(), req.step() == null ? req.testBars() : req.step(), mode));
        errors.throwIfAny();
        Sweep checked = sweep.requireSizeAtMost(maxGrid, "OPTIMIZE_MAX_GRID")
                .metric(req.metric() == null || req.metric().isBlank() ? Sweep.DEFAULT_METRIC : req.metric().strip());
        if (checked.combinations(spec::create).isEmpty()) {
            throw FieldErrors.single("grid", "the strategy accepts no combination of the grid (or the constraint excludes all)");
        }
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("grid", checked.axes());
        stored.put("constraint", checked.constraintText());
        stored.put("metric", checked.metric());
        stored.put("train_bars", wf.trainBars());
        stored.put("test_bars", wf.testBars());
        stored.put("step", wf.step());
        stored.put("mode", wf.mode().wire());
        return new Plan(wf.sweep(checked), StoredJson.write(stored));
    }

    private static WalkForwardRun owned(EntityManager em, UUID userId, UUID backtestId, UUID id, boolean lock) {
        return BacktestWork.owned(em, WalkForwardRun.class, userId, backtestId, id, lock, () -> WalkForwardService.notFound(backtestId, id));
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
