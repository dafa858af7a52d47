package dev.backtest.sdk.optimization.internal;

import dev.backtest.engine.CandleSeries;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.engine.strategies.StrategySpec;
import dev.backtest.sdk.ml.internal.StrategyCatalog;
import dev.backtest.sdk.persistence.internal.Database;
import dev.backtest.sdk.run.RunStatus;
import dev.backtest.sdk.run.internal.CandleSource;
import dev.backtest.sdk.run.internal.RunQueue;
import dev.backtest.sdk.run.internal.RunSnapshot;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Executes one chunk of a distributed sweep on a {@link RunQueue} worker: claims it, loads the candles of the
 * sweep's snapshot, runs its combinations with the engine on all cores of this instance and stores the chunk's
 * own top-N. The worker that completes the last chunk merges every chunk's top-N into the sweep's result and
 * completes the sweep in the same transaction.
 *
 * <p>Every transaction that changes a sweep or its chunks first locks the sweep's row ({@code SELECT ... FOR
 * UPDATE}), so they run one after the other: of two instances finishing the last two chunks at once, the second
 * sees the first's chunk done, and exactly one completes the sweep. A chunk of a sweep that already finished is
 * skipped; an error that retrying cannot fix fails the chunk and the sweep at once; any other error is rethrown
 * so the queue retries the chunk, until its attempts are used up.
 *
 * <pre>{@code
 * OptimizationExecutor chunks = new OptimizationExecutor(database, candleSource, "worker-1");
 * try (RunQueue queue = RunQueue.start(database.dataSource(), 2, "worker-1", runs, chunks, RunTiming.DEFAULT)) {
 *     // chunks queued by any instance are executed here too
 * }
 * }</pre>
 */
public final class OptimizationExecutor implements RunQueue.Handler {

    private static final Logger LOG = LoggerFactory.getLogger(OptimizationExecutor.class);

    private final Database database;
    private final CandleSource candles;
    private final String workerId;
    private final StrategyCatalog catalog;

    public OptimizationExecutor(Database database, CandleSource candles, String workerId) {
        this(database, candles, workerId, StrategyCatalog.builtIns());
    }

    /** Resolving strategy types in {@code catalog}, for the sweep's owner. */
    public OptimizationExecutor(Database database, CandleSource candles, String workerId, StrategyCatalog catalog) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.database = Objects.requireNonNull(database, "database");
        this.candles = Objects.requireNonNull(candles, "candles");
        this.workerId = Objects.requireNonNull(workerId, "workerId");
    }

    /** A claimed chunk; the stored JSON is read after the claim, so that unreadable JSON fails the chunk rather than the claim. */
    private record Claim(UUID chunkId, UUID optimizationId, int seq, int chunks, Optimization o, String metric, int top,
                         String combinationsJson, int first, int attempts, int maxAttempts) {

        /** "chunk 3 of 16", counted from 1 as users see it. */
        String chunk() {
            return "chunk " + (seq + 1) + " of " + chunks;
        }
    }

    @Override
    public void execute(UUID chunkId) {
        Claim claim = claim(chunkId);
        if (claim == null) {
            return;
        }
        try {
            long start = System.nanoTime();
            RunSnapshot s = claim.o().snapshot();
            List<Map<String, Object>> combinations = ParameterSweep.readCombinations(claim.combinationsJson());
            StrategySpec spec = catalog.spec(claim.o().getUserId(), s.strategy());
            CandleSeries series = candles.load(s);
            long loaded = System.nanoTime();
            List<ParameterSweep.Ranked> best = ParameterSweep.evaluate(s, spec, ParameterSweep.sweep(claim.o(), s, spec), series, combinations,
                    claim.first());
            if (complete(claim, new ParameterSweep.ChunkResult(combinations.size(), best))) {
                LOG.info("Optimization {} {} done: {} combinations on {} bars in {} ms (candles {} ms)", claim.optimizationId(),
                        claim.chunk(), combinations.size(), series.size(), (System.nanoTime() - start) / 1_000_000,
                        (loaded - start) / 1_000_000);
            }
        } catch (BacktestException e) {
            if (e.retryable()) {
                retryOrFail(claim, e.code().name(), e);
            } else {
                LOG.info("Optimization {} {} failed: {} {}", claim.optimizationId(), claim.chunk(), e.code(), e.getMessage());
                failChunk(claim, e.code().name(), e.getMessage());
            }
        } catch (RuntimeException e) {
            retryOrFail(claim, ErrorCode.INTERNAL.name(), e);
        }
    }

    /** Marks the chunk running on this worker (and the sweep running), or returns null when there is nothing to do. */
    private Claim claim(UUID chunkId) {
        return database.inTransaction(em -> {
            OptimizationChunk c = em.find(OptimizationChunk.class, chunkId);
            if (c == null || c.getStatus().finished()) {
                return null;
            }
            Optimization o = lock(em, c.getOptimizationId());
            em.refresh(c);
            if (c.getStatus().finished()) {
                return null;
            }
            OffsetDateTime now = notBefore(now(), o.getQueuedAt());
            if (o.getStatus().finished()) {
                // failed or cancelled meanwhile: this chunk's work would be thrown away
                c.finish(RunStatus.CANCELLED, null, null, now);
                return null;
            }
            if (c.getAttempts() >= c.getMaxAttempts()) {
                // The previous attempt's worker died after using the last attempt.
                String message = "abandoned by its worker " + c.getWorkerId().orElse("?") + " after " + c.getAttempts()
                        + " attempts; no attempts left";
                c.finish(RunStatus.FAILED, ErrorCode.INTERNAL.name(), message, now);
                finish(em, o, RunStatus.FAILED, ErrorCode.INTERNAL.name(), sweepError(o, c, message));
                return null;
            }
            c.claim(workerId, now);
            if (o.getStatus() == RunStatus.QUEUED) {
                o.claim(now);
            }
            return new Claim(chunkId, o.getId(), c.getSeq(), o.getChunkCount(), o, o.getMetric(), o.getTop(), c.getCombinationsJson(),
                    c.getFirstCombination(), c.getAttempts(), c.getMaxAttempts());
        });
    }

    /**
     * Stores the chunk's result; the last chunk done merges all of them and completes the sweep.
     *
     * @return whether the result was stored (not when the sweep finished meanwhile or the chunk is no longer this worker's)
     */
    private boolean complete(Claim claim, ParameterSweep.ChunkResult result) {
        String json = ParameterSweep.chunkResultJson(result);
        Outcome outcome = database.inTransaction(em -> {
            Optimization o = lock(em, claim.optimizationId());
            OptimizationChunk c = em.find(OptimizationChunk.class, claim.chunkId());
            if (!mine(c)) {
                // This worker was taken for dead and the chunk handed to another (or it finished meanwhile):
                // the other attempt's outcome counts, this one's is dropped.
                LOG.warn("Optimization {} {} is no longer this worker's ({} on {}); its result is dropped", claim.optimizationId(),
                        claim.chunk(), c.getStatus().wire(), c.getWorkerId().orElse("?"));
                return Outcome.DROPPED;
            }
            OffsetDateTime now = notBefore(now(), c.getStartedAt().orElse(o.getQueuedAt()));
            if (o.getStatus().finished()) {
                c.finish(RunStatus.CANCELLED, null, null, now);
                return Outcome.DROPPED;
            }
            c.complete(result.evaluated(), json, now);
            o.chunkDone(result.evaluated());
            if (o.getChunksDone() < o.getChunkCount()) {
                return Outcome.STORED;
            }
            em.flush();
            List<OptimizationChunk> chunks = em.createQuery("select c from OptimizationChunk c where c.optimizationId = :o order by c.seq",
                    OptimizationChunk.class).setParameter("o", o.getId()).getResultList();
            List<List<ParameterSweep.Ranked>> parts = new java.util.ArrayList<>(chunks.size());
            for (OptimizationChunk done : chunks) {
                if (done.getStatus() != RunStatus.COMPLETED || done.getResultJson().isEmpty()) {
                    throw new IllegalStateException("optimization " + o.getId() + " counts " + o.getChunksDone() + " chunks done but chunk "
                            + done.getSeq() + " is " + done.getStatus().wire());
                }
                parts.add(ParameterSweep.readChunkResult(done.getResultJson().get()).top());
            }
            List<ParameterSweep.Ranked> best = ParameterSweep.merge(parts, o.getTop());
            o.complete(ParameterSweep.resultJson(ParameterSweep.result(o.getStrategy(), o.getMetric(), o.getGridSize(), o.getEvaluated(),
                    best)), notBefore(now(), o.getStartedAt().orElse(o.getQueuedAt())));
            return Outcome.COMPLETED_SWEEP;
        });
        if (outcome == Outcome.COMPLETED_SWEEP) {
            LOG.info("Optimization {} completed: {} was the last", claim.optimizationId(), claim.chunk());
        }
        return outcome != Outcome.DROPPED;
    }

    private enum Outcome { DROPPED, STORED, COMPLETED_SWEEP }

    private void retryOrFail(Claim claim, String code, RuntimeException e) {
        if (claim.attempts() >= claim.maxAttempts()) {
            LOG.warn("Optimization {} {} failed after {} attempts", claim.optimizationId(), claim.chunk(), claim.attempts(), e);
            failChunk(claim, code, "failed after " + claim.attempts() + " attempts: " + e.getMessage());
            return;
        }
        LOG.warn("Optimization {} {} attempt {} of {} failed; it will be retried", claim.optimizationId(), claim.chunk(),
                claim.attempts(), claim.maxAttempts(), e);
        database.inTransaction(em -> {
            lock(em, claim.optimizationId());
            OptimizationChunk c = em.find(OptimizationChunk.class, claim.chunkId());
            if (mine(c)) {
                c.requeue(code, "attempt " + claim.attempts() + " failed: " + e.getMessage());
            }
            return null;
        });
        throw e;
    }

    /** Fails the chunk and with it the sweep (unless the sweep already finished). */
    private void failChunk(Claim claim, String code, String message) {
        database.inTransaction(em -> {
            Optimization o = lock(em, claim.optimizationId());
            OptimizationChunk c = em.find(OptimizationChunk.class, claim.chunkId());
            if (!mine(c)) {
                return null;
            }
            OffsetDateTime now = notBefore(now(), c.getStartedAt().orElse(o.getQueuedAt()));
            c.finish(RunStatus.FAILED, code, message, now);
            if (!o.getStatus().finished()) {
                finish(em, o, RunStatus.FAILED, code, sweepError(o, c, message));
            }
            return null;
        });
    }

    /** Whether this worker's attempt is still the chunk's current one. */
    private boolean mine(OptimizationChunk c) {
        return c.getStatus() == RunStatus.RUNNING && workerId.equals(c.getWorkerId().orElse(null));
    }

    private static String sweepError(Optimization o, OptimizationChunk c, String message) {
        return "chunk " + (c.getSeq() + 1) + " of " + o.getChunkCount() + " failed: " + message;
    }

    /**
     * Fails or cancels the sweep; chunks not started yet are cancelled with it (the caller holds the sweep's lock).
     */
    static void finish(EntityManager em, Optimization o, RunStatus status, String code, String message) {
        OffsetDateTime now = notBefore(now(), o.getStartedAt().orElse(o.getQueuedAt()));
        o.finish(status, code, message, now);
        em.createQuery("select c from OptimizationChunk c where c.optimizationId = :o and c.status = 'queued'", OptimizationChunk.class)
                .setParameter("o", o.getId()).getResultList()
                .forEach(c -> c.finish(RunStatus.CANCELLED, null, null, now));
    }

    private static Optimization lock(EntityManager em, UUID optimizationId) {
        return em.find(Optimization.class, optimizationId, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Instances' clocks differ a little: keep the stored times in order whichever instance wrote them. */
    private static OffsetDateTime notBefore(OffsetDateTime t, OffsetDateTime earliest) {
        return t.isBefore(earliest) ? earliest : t;
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(java.time.ZoneOffset.UTC);
    }
}
