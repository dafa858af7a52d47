package dev.backtest.sdk.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.engine.BacktestResult;
import dev.backtest.engine.ClosedTrade;
import dev.backtest.engine.Engine;
import dev.backtest.engine.RunOptions;
import dev.backtest.engine.Stats;
import dev.backtest.engine.Strategy;
import dev.backtest.engine.strategies.Strategies;
import dev.backtest.engine.CandleSeries;
import dev.backtest.sdk.persistence.Database;
import jakarta.persistence.EntityManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Executes one queued run on a {@link RunQueue} worker: claims it in the database, loads the candles,
 * runs the engine and writes results, trades, the run's and the backtest's status and the backtest's
 * metrics in one transaction. A run that is already finished is ignored (the queue may hand it over
 * again); an error that retrying cannot fix fails the run at once; any other error is rethrown so the
 * queue retries, until the run's attempts are used up.
 *
 * <p>Public because {@link dev.backtest.sdk.BacktestClient} wires it to the {@link RunQueue}; not part
 * of the API users call: they start runs with {@code client.runs().start(me, backtestId)}.
 *
 * <pre>{@code
 * RunExecutor executor = new RunExecutor(database, (symbol, timeframe, start, end) ->
 *         client.candles().symbol(symbol).between(start, end).timeframe(timeframe).fetch(), "worker-1");
 * try (RunQueue queue = RunQueue.start(database.dataSource(), 2, "worker-1", executor, RunQueue.Timing.DEFAULT)) {
 *     queue.enqueue(runId);
 * }
 * }</pre>
 */
public final class RunExecutor implements RunQueue.Handler {

    private static final Logger LOG = LoggerFactory.getLogger(RunExecutor.class);

    /** Loads the candles a run needs. */
    @FunctionalInterface
    public interface CandleSource {
        CandleSeries load(String symbol, String timeframe, LocalDate start, LocalDate end);
    }

    private final Database database;
    private final CandleSource candles;
    private final String workerId;

    public RunExecutor(Database database, CandleSource candles, String workerId) {
        this.database = Objects.requireNonNull(database, "database");
        this.candles = Objects.requireNonNull(candles, "candles");
        this.workerId = Objects.requireNonNull(workerId, "workerId");
    }

    /** Thrown inside the executor when the user asked to stop; the run is already marked cancelled. */
    private static final class Cancelled extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Cancelled() {
            super(null, null, false, false);
        }
    }

    private record Claim(UUID runId, JsonNode options, int attempts, int maxAttempts) {
    }

    @Override
    public void execute(UUID runId) {
        Claim claim = claim(runId);
        if (claim == null) {
            return;
        }
        try {
            JsonNode o = claim.options();
            CandleSeries series = candles.load(o.get("symbol").asText(), o.get("timeframe").asText(),
                    LocalDate.parse(o.get("start_date").asText()), LocalDate.parse(o.get("end_date").asText()));
            progress(runId, 10);
            Map<String, Object> parameters = RunService.JSON.convertValue(o.get("parameters"),
                    new com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, Object>>() { });
            Strategy strategy = Strategies.create(o.get("strategy").asText(), parameters);
            RunOptions options = RunService.JSON.treeToValue(o.get("engine"), RunOptions.class);
            BacktestResult result = Engine.run(series, strategy, options);
            progress(runId, 90);
            complete(runId, series, result);
            LOG.info("Run {} completed: {} bars, {} trades", runId, series.size(), result.trades().size());
        } catch (Cancelled e) {
            LOG.info("Run {} cancelled", runId);
        } catch (BacktestException e) {
            if (e.retryable()) {
                retryOrFail(claim, e.code().name(), e);
            } else {
                LOG.info("Run {} failed: {} {}", runId, e.code(), e.getMessage());
                finish(database, runId, RunStatus.FAILED, e.code().name(), e.getMessage());
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            finish(database, runId, RunStatus.FAILED, ErrorCode.DATA_CORRUPT.name(), "the run's stored options cannot be read: "
                    + e.getOriginalMessage());
        } catch (RuntimeException e) {
            retryOrFail(claim, ErrorCode.INTERNAL.name(), e);
        }
    }

    /** Marks the run running, or returns null when there is nothing to do. */
    private Claim claim(UUID runId) {
        return database.inTransaction(em -> {
            BacktestRun r = em.find(BacktestRun.class, runId);
            if (r == null || r.getStatus().finished()) {
                return null;
            }
            if (r.isCancelRequested()) {
                finish(em, r, RunStatus.CANCELLED, null, null);
                return null;
            }
            if (r.getAttempts() >= r.getMaxAttempts()) {
                // The previous attempt's worker died after using the last attempt.
                finish(em, r, RunStatus.FAILED, ErrorCode.INTERNAL.name(), "the run was abandoned by its worker "
                        + r.getWorkerId().orElse("?") + " after " + r.getAttempts() + " attempts; no attempts left");
                return null;
            }
            OffsetDateTime now = RunService.now();
            r.setAttempts(r.getAttempts() + 1);
            r.setStatus(RunStatus.RUNNING);
            r.setWorkerId(workerId);
            r.setStartedAt(now);
            r.setHeartbeatAt(now);
            r.setProgress(0);
            Backtest b = em.find(Backtest.class, r.getBacktestId());
            b.setStatus(BacktestStatus.RUNNING);
            em.flush();
            return new Claim(runId, RunService.read(r.getOptionsJson()), r.getAttempts(), r.getMaxAttempts());
        });
    }

    /** Records progress and a heartbeat; stops the run here if a cancel was requested. */
    private void progress(UUID runId, int percent) {
        boolean cancelled = database.inTransaction(em -> {
            BacktestRun r = em.find(BacktestRun.class, runId);
            if (r.isCancelRequested()) {
                finish(em, r, RunStatus.CANCELLED, null, null);
                return true;
            }
            r.setProgress(percent);
            r.setHeartbeatAt(RunService.now());
            return false;
        });
        if (cancelled) {
            throw new Cancelled();
        }
    }

    private void complete(UUID runId, CandleSeries series, BacktestResult result) {
        String stats = RunService.write(result.stats());
        String curve = EquityCurves.write(series.time(), result.equity(), result.drawdown());
        boolean cancelled = database.inTransaction(em -> {
            BacktestRun r = em.find(BacktestRun.class, runId);
            if (r.isCancelRequested()) {
                finish(em, r, RunStatus.CANCELLED, null, null);
                return true;
            }
            if (r.getStatus() != RunStatus.RUNNING || !workerId.equals(r.getWorkerId().orElse(null))) {
                throw new IllegalStateException("run " + runId + " is no longer this worker's (" + r.getStatus().wire() + " on "
                        + r.getWorkerId().orElse("?") + ")");
            }
            em.persist(new RunResult(runId, stats, curve, series.size()));
            List<ClosedTrade> trades = result.trades();
            for (int i = 0; i < trades.size(); i++) {
                em.persist(new RunTrade(runId, values(i, trades.get(i))));
            }
            r.setProgress(100);
            r.setHeartbeatAt(RunService.now());
            Backtest b = finish(em, r, RunStatus.COMPLETED, null, null);
            Stats s = result.stats();
            double finalEquity = s.metric("equity_final");
            b.setFinalCapital(Double.isFinite(finalEquity) ? BigDecimal.valueOf(finalEquity).setScale(8, RoundingMode.HALF_EVEN) : null);
            b.setTotalReturnPct(finite(s.metric("return_pct")));
            b.setSharpeRatio(finite(s.metric("sharpe_ratio")));
            b.setMaxDrawdownPct(finite(s.metric("max_drawdown_pct")));
            b.setWinRatePct(finite(s.metric("win_rate_pct")));
            b.setTotalTrades(trades.size());
            return false;
        });
        if (cancelled) {
            throw new Cancelled();
        }
    }

    private void retryOrFail(Claim claim, String code, RuntimeException e) {
        if (claim.attempts() >= claim.maxAttempts()) {
            LOG.warn("Run {} failed after {} attempts", claim.runId(), claim.attempts(), e);
            finish(database, claim.runId(), RunStatus.FAILED, code, "failed after " + claim.attempts() + " attempts: " + e.getMessage());
            return;
        }
        LOG.warn("Run {} attempt {} of {} failed; it will be retried", claim.runId(), claim.attempts(), claim.maxAttempts(), e);
        database.inTransaction(em -> {
            BacktestRun r = em.find(BacktestRun.class, claim.runId());
            if (!r.getStatus().finished()) {
                r.setStatus(RunStatus.QUEUED);
                r.setError(code, truncate("attempt " + claim.attempts() + " failed: " + e.getMessage()));
                em.find(Backtest.class, r.getBacktestId()).setStatus(BacktestStatus.QUEUED);
            }
            return null;
        });
        throw e;
    }

    static void finish(Database database, UUID runId, RunStatus status, String code, String message) {
        database.inTransaction(em -> {
            BacktestRun r = em.find(BacktestRun.class, runId);
            if (r != null && !r.getStatus().finished()) {
                finish(em, r, status, code, message);
            }
            return null;
        });
    }

    /** Sets the final status on the run and its backtest; returns the backtest. */
    static Backtest finish(EntityManager em, BacktestRun r, RunStatus status, String code, String message) {
        OffsetDateTime now = RunService.now();
        r.setStatus(status);
        r.setFinishedAt(now);
        r.setError(code, message == null ? null : truncate(message));
        Backtest b = em.find(Backtest.class, r.getBacktestId());
        b.setStatus(switch (status) {
            case COMPLETED -> BacktestStatus.COMPLETED;
            case CANCELLED -> BacktestStatus.CANCELLED;
            default -> BacktestStatus.FAILED;
        });
        return b;
    }

    private static RunTrade.Values values(int seq, ClosedTrade t) {
        return new RunTrade.Values(seq, decimal(t.size()), t.entryBar(), t.exitBar(), time(t.entryTime()), time(t.exitTime()),
                decimal(t.entryPrice()), decimal(t.exitPrice()), null, null, decimal(t.commission()), decimal(t.pnl()), t.returnPct());
    }

    private static BigDecimal decimal(double v) {
        return BigDecimal.valueOf(v).setScale(10, RoundingMode.HALF_EVEN);
    }

    private static OffsetDateTime time(long epochSeconds) {
        return Instant.ofEpochSecond(epochSeconds).atOffset(ZoneOffset.UTC);
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static String truncate(String s) {
        return s.length() <= 4000 ? s : s.substring(0, 3997) + "...";
    }
}
