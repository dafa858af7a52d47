package dev.backtest.sdk.persistence;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backtest.engine.RunOptions;
import dev.backtest.engine.Timeframe;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.audit.ActorKind;
import dev.backtest.sdk.audit.internal.AuditEventRecord;
import dev.backtest.sdk.backtest.BacktestStatus;
import dev.backtest.sdk.backtest.internal.Backtest;
import dev.backtest.sdk.config.DatabaseKind;
import dev.backtest.sdk.optimization.internal.Optimization;
import dev.backtest.sdk.optimization.internal.OptimizationChunk;
import dev.backtest.sdk.persistence.internal.Database;
import dev.backtest.sdk.run.RunStatus;
import dev.backtest.sdk.run.internal.BacktestRun;
import dev.backtest.sdk.run.internal.RunResult;
import dev.backtest.sdk.run.internal.RunSnapshot;
import dev.backtest.sdk.run.internal.RunTrade;
import dev.backtest.sdk.strategy.internal.StrategyDefinition;
import dev.backtest.sdk.task.TaskKind;
import dev.backtest.sdk.task.TaskStatus;
import dev.backtest.sdk.task.internal.DataTask;
import dev.backtest.sdk.testing.BothDatabases;
import dev.backtest.sdk.trade.TradeSide;
import dev.backtest.sdk.trade.internal.Trade;
import dev.backtest.sdk.user.internal.User;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every entity is saved and read back, field by field, on both H2 and PostgreSQL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EntityRoundTripIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final BothDatabases dbs = new BothDatabases();

    private <T> T save(Database db, T entity) {
        return db.inTransaction(em -> {
            em.persist(entity);
            return entity;
        });
    }

    private <T> T reload(Database db, Class<T> type, Object id) {
        return db.inTransaction(em -> em.find(type, id));
    }

    private User user(Database db) {
        return save(db, new User(UUID.randomUUID(), "u" + UUID.randomUUID() + "@example.com", "authenticated"));
    }

    private Backtest backtest(Database db, User u) {
        return save(db, new Backtest(u.getId(), "bt", "BTC", "1h", LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31),
                new BigDecimal("10000.00000000"), new BigDecimal("0.0010000000"), "{\"fast\":10}"));
    }

    private static final RunSnapshot SNAPSHOT = new RunSnapshot("BTC", Timeframe.M5, LocalDate.of(2024, 1, 1), LocalDate.of(2024, 3, 31),
            "sma_cross", Map.of("direction", "long_only", "fast", 10, "slow", 30), RunOptions.builder().cash(10_000).commission(0.001).build());

    private BacktestRun run(Database db, Backtest b) {
        return save(db, new BacktestRun(b.getId(), b.getUserId(), SNAPSHOT, 3, OffsetDateTime.of(2024, 5, 1, 12, 0, 0, 0, ZoneOffset.UTC)));
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void user(DatabaseKind kind) {
        Database db = dbs.get(kind);
        User saved = user(db);
        User read = reload(db, User.class, saved.getId());
        assertThat(read.getId()).isEqualTo(saved.getId());
        assertThat(read.getEmail()).isEqualTo(saved.getEmail());
        assertThat(read.getRole()).isEqualTo("authenticated");
        assertThat(read.getCreatedAt()).isEqualTo(saved.getCreatedAt());
        assertThat(read.getUpdatedAt()).isEqualTo(saved.getCreatedAt());
        assertThat(read.isDeleted()).isFalse();
        assertThat(read.getVersion()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void strategyDefinitionWithJsonParametersAndSoftDelete(DatabaseKind kind) throws Exception {
        Database db = dbs.get(kind);
        User u = user(db);
        StrategyDefinition s = new StrategyDefinition(u.getId(), "SMA 10/30", "sma_cross", "{\"fast\":10,\"slow\":30,\"direction\":\"long_only\"}");
        s.setDescription("two moving averages");
        s.setPublic(true);
        save(db, s);
        StrategyDefinition read = reload(db, StrategyDefinition.class, s.getId());
        assertThat(read.getUserId()).isEqualTo(u.getId());
        assertThat(read.getName()).isEqualTo("SMA 10/30");
        assertThat(read.getType()).isEqualTo("sma_cross");
        assertThat(read.getDescription()).contains("two moving averages");
        assertThat(read.isPublic()).isTrue();
        assertThat(JSON.readTree(read.getParametersJson())).isEqualTo(JSON.readTree(s.getParametersJson()));

        db.inTransaction(em -> {
            em.find(StrategyDefinition.class, s.getId()).markDeleted();
            return null;
        });
        StrategyDefinition deleted = reload(db, StrategyDefinition.class, s.getId());
        assertThat(deleted.isDeleted()).isTrue();
        assertThat(deleted.getVersion()).isEqualTo(2);
        assertThat(deleted.getUpdatedAt()).isAfterOrEqualTo(deleted.getCreatedAt());
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void backtestWithAmountsDatesAndMetrics(DatabaseKind kind) {
        Database db = dbs.get(kind);
        User u = user(db);
        Backtest b = backtest(db, u);
        db.inTransaction(em -> {
            Backtest m = em.find(Backtest.class, b.getId());
            m.queue();
            m.start();
            m.complete(new BigDecimal("12345.67890000"), 23.4567890123, 1.25, -12.5, 55.5, 42);
            m.setCash(new BigDecimal("9000.12345678"));
            m.setPositionQuantity(new BigDecimal("0.1234567890"));
            return null;
        });
        Backtest read = reload(db, Backtest.class, b.getId());
        assertThat(read.getUserId()).isEqualTo(u.getId());
        assertThat(read.getSymbol()).isEqualTo("BTC");
        assertThat(read.getTimeframe()).isEqualTo("1h");
        assertThat(read.getStartDate()).isEqualTo(LocalDate.of(2024, 1, 1));
        assertThat(read.getEndDate()).isEqualTo(LocalDate.of(2024, 12, 31));
        assertThat(read.getInitialCapital()).isEqualByComparingTo("10000");
        assertThat(read.getCommission()).isEqualByComparingTo("0.001");
        assertThat(read.getStatus()).isEqualTo(BacktestStatus.COMPLETED);
        assertThat(read.getFinalCapital()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("12345.6789"));
        assertThat(read.getTotalReturnPct()).isEqualTo(23.4567890123);
        assertThat(read.getSharpeRatio()).isEqualTo(1.25);
        assertThat(read.getMaxDrawdownPct()).isEqualTo(-12.5);
        assertThat(read.getWinRatePct()).isEqualTo(55.5);
        assertThat(read.getTotalTrades()).isEqualTo(42);
        assertThat(read.getCash()).isEqualByComparingTo("9000.12345678");
        assertThat(read.getPositionQuantity()).isEqualByComparingTo("0.123456789");
        assertThat(read.getVersion()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void staleBacktestUpdateFailsWithOptimisticLock(DatabaseKind kind) {
        Database db = dbs.get(kind);
        Backtest b = backtest(db, user(db));
        Backtest stale = reload(db, Backtest.class, b.getId());
        db.inTransaction(em -> {
            em.find(Backtest.class, b.getId()).setName("first writer");
            return null;
        });
        stale.setName("second writer");
        // Database turns the optimistic-lock failure into the SDK's retryable CONCURRENT_MODIFICATION
        assertThatThrownBy(() -> db.inTransaction(em -> em.merge(stale)))
                .isInstanceOfSatisfying(BacktestException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONCURRENT_MODIFICATION);
                    assertThat(e.retryable()).isTrue();
                    assertThat(Database.isLostRace(e.getCause())).isTrue();
                });
        assertThat(reload(db, Backtest.class, b.getId()).getName()).isEqualTo("first writer");
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void trade(DatabaseKind kind) {
        Database db = dbs.get(kind);
        Backtest b = backtest(db, user(db));
        OffsetDateTime at = OffsetDateTime.of(2024, 3, 4, 5, 6, 7, 123_456_000, ZoneOffset.UTC);
        Trade t = save(db, new Trade(b.getUserId(), b.getId(), "BTC", TradeSide.BUY, new BigDecimal("0.5"),
                new BigDecimal("42000.1234"), new BigDecimal("21.0000617"), at));
        Trade read = reload(db, Trade.class, t.getId());
        assertThat(read.getBacktestId()).isEqualTo(b.getId());
        assertThat(read.getUserId()).isEqualTo(b.getUserId());
        assertThat(read.getSymbol()).isEqualTo("BTC");
        assertThat(read.getSide()).isEqualTo(TradeSide.BUY);
        assertThat(read.getQuantity()).isEqualByComparingTo("0.5");
        assertThat(read.getPrice()).isEqualByComparingTo("42000.1234");
        assertThat(read.getCommission()).isEqualByComparingTo("21.0000617");
        assertThat(read.getExecutedAt().toInstant()).isEqualTo(at.toInstant());
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void backtestRunThroughItsLifecycle(DatabaseKind kind) {
        Database db = dbs.get(kind);
        BacktestRun r = run(db, backtest(db, user(db)));
        OffsetDateTime started = r.getQueuedAt().plusSeconds(2);
        db.inTransaction(em -> {
            BacktestRun m = em.find(BacktestRun.class, r.getId());
            m.claim("worker-0", started.minusSeconds(1));
            m.requeue("INTERNAL", "attempt 1 failed");
            m.claim("worker-1", started);
            m.setProgress(57);
            m.heartbeat(started.plusSeconds(1));
            m.requestCancel();
            m.finish(RunStatus.FAILED, "DATA_CORRUPT", "object x is truncated", started.plusSeconds(3));
            return null;
        });
        BacktestRun read = reload(db, BacktestRun.class, r.getId());
        assertThat(read.getStatus()).isEqualTo(RunStatus.FAILED);
        assertThat(read.getProgress()).isEqualTo(57);
        assertThat(read.getAttempts()).isEqualTo(2);
        assertThat(read.getMaxAttempts()).isEqualTo(3);
        assertThat(read.getKind()).isEqualTo("backtest");
        assertThat(read.snapshot()).isEqualTo(SNAPSHOT);
        assertThat(read.getWorkerId()).contains("worker-1");
        assertThat(read.getStartedAt().map(OffsetDateTime::toInstant)).contains(started.toInstant());
        assertThat(read.getFinishedAt().map(OffsetDateTime::toInstant)).contains(started.plusSeconds(3).toInstant());
        assertThat(read.getHeartbeatAt()).isPresent();
        assertThat(read.getErrorCode()).contains("DATA_CORRUPT");
        assertThat(read.getErrorMessage()).contains("object x is truncated");
        assertThat(read.isCancelRequested()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void runResultSharesTheRunId(DatabaseKind kind) throws Exception {
        Database db = dbs.get(kind);
        BacktestRun r = run(db, backtest(db, user(db)));
        String stats = "{\"return_pct\":12.5,\"sharpe_ratio\":null,\"trades\":3}";
        String curve = "{\"t\":[1,2,3],\"equity\":[100.0,101.5,99.0]}";
        save(db, new RunResult(r.getId(), stats, curve, 3));
        RunResult read = reload(db, RunResult.class, r.getId());
        assertThat(JSON.readTree(read.getStatsJson())).isEqualTo(JSON.readTree(stats));
        assertThat(JSON.readTree(read.getEquityCurveJson())).isEqualTo(JSON.readTree(curve));
        assertThat(read.getBarCount()).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void runTrade(DatabaseKind kind) {
        Database db = dbs.get(kind);
        BacktestRun r = run(db, backtest(db, user(db)));
        OffsetDateTime entry = OffsetDateTime.of(2024, 1, 2, 0, 0, 0, 0, ZoneOffset.UTC);
        RunTrade.Values v = new RunTrade.Values(0, new BigDecimal("-3"), 10, 20, entry, entry.plusHours(10),
                new BigDecimal("100.5"), new BigDecimal("99.25"), new BigDecimal("105"), null, new BigDecimal("0.5985"),
                new BigDecimal("3.1515"), 0.010447761194029);
        RunTrade t = save(db, new RunTrade(r.getId(), v));
        RunTrade read = reload(db, RunTrade.class, t.getId());
        RunTrade.Values got = read.values();
        assertThat(read.getRunId()).isEqualTo(r.getId());
        assertThat(got.seq()).isZero();
        assertThat(got.size()).isEqualByComparingTo("-3");
        assertThat(got.entryBar()).isEqualTo(10);
        assertThat(got.exitBar()).isEqualTo(20);
        assertThat(got.entryTime().toInstant()).isEqualTo(entry.toInstant());
        assertThat(got.exitTime().toInstant()).isEqualTo(entry.plusHours(10).toInstant());
        assertThat(got.entryPrice()).isEqualByComparingTo("100.5");
        assertThat(got.exitPrice()).isEqualByComparingTo("99.25");
        assertThat(read.getStopLoss()).hasValueSatisfying(x -> assertThat(x).isEqualByComparingTo("105"));
        assertThat(read.getTakeProfit()).isEmpty();
        assertThat(got.commission()).isEqualByComparingTo("0.5985");
        assertThat(got.pnl()).isEqualByComparingTo("3.1515");
        assertThat(got.returnPct()).isEqualTo(0.010447761194029);
    }

    private Optimization optimization(Database db, Backtest b) {
        return save(db, new Optimization(b.getUserId(), b.getId(),
                "{\"grid\":[{\"name\":\"fast\",\"values\":[5,10]},{\"name\":\"slow\",\"values\":[20,30,40]}],"
                        + "\"constraint\":\"fast < slow\",\"metric\":\"sharpe_ratio\",\"top\":3}",
                SNAPSHOT, "sharpe_ratio", 3, 6L, 6, 2, OffsetDateTime.of(2024, 5, 1, 12, 0, 0, 0, ZoneOffset.UTC)));
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void optimizationWithItsSnapshotThroughItsLifecycle(DatabaseKind kind) throws Exception {
        Database db = dbs.get(kind);
        Backtest b = backtest(db, user(db));
        Optimization o = optimization(db, b);
        Optimization queued = reload(db, Optimization.class, o.getId());
        assertThat(queued.getUserId()).isEqualTo(b.getUserId());
        assertThat(queued.getBacktestId()).isEqualTo(b.getId());
        assertThat(queued.getStatus()).isEqualTo(RunStatus.QUEUED);
        assertThat(JSON.readTree(queued.getRequestJson())).isEqualTo(JSON.readTree(o.getRequestJson()));
        assertThat(queued.snapshot()).isEqualTo(SNAPSHOT);
        assertThat(queued.getStrategy()).isEqualTo("sma_cross");
        assertThat(queued.getMetric()).isEqualTo("sharpe_ratio");
        assertThat(queued.getTop()).isEqualTo(3);
        assertThat(queued.getGridSize()).isEqualTo(6);
        assertThat(queued.getCombinations()).isEqualTo(6);
        assertThat(queued.getChunkCount()).isEqualTo(2);
        assertThat(queued.getChunksDone()).isZero();
        assertThat(queued.getEvaluated()).isZero();
        assertThat(queued.getResultJson()).isEmpty();
        assertThat(queued.getStartedAt()).isEmpty();
        assertThat(queued.getQueuedAt().toInstant()).isEqualTo(o.getQueuedAt().toInstant());
        assertThat(queued.getVersion()).isEqualTo(1);

        // Read back exactly as written: the result column keeps key order and number spelling.
        String result = "{\"strategy\":\"sma_cross\",\"metric\":\"sharpe_ratio\",\"grid_size\":6,\"evaluated\":6,"
                + "\"results\":[{\"parameters\":{\"fast\":5,\"slow\":20},\"metric\":-0.0,\"stats\":{\"equity_final\":1.0E7}}]}";
        OffsetDateTime started = o.getQueuedAt().plusSeconds(1);
        db.inTransaction(em -> {
            Optimization m = em.find(Optimization.class, o.getId());
            m.claim(started);
            m.chunkDone(2);
            m.chunkDone(4);
            m.complete(result, started.plusSeconds(4));
            return null;
        });
        Optimization read = reload(db, Optimization.class, o.getId());
        assertThat(read.getStatus()).isEqualTo(RunStatus.COMPLETED);
        assertThat(read.getStartedAt().map(OffsetDateTime::toInstant)).contains(started.toInstant());
        assertThat(read.getFinishedAt().map(OffsetDateTime::toInstant)).contains(started.plusSeconds(4).toInstant());
        assertThat(read.getChunksDone()).isEqualTo(2);
        assertThat(read.getEvaluated()).isEqualTo(6);
        assertThat(read.getResultJson()).contains(result);
        assertThat(read.getErrorCode()).isEmpty();
        assertThat(read.getVersion()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void optimizationChunkThroughItsLifecycle(DatabaseKind kind) throws Exception {
        Database db = dbs.get(kind);
        Optimization o = optimization(db, backtest(db, user(db)));
        String combinations = "[{\"fast\":10,\"slow\":20},{\"fast\":10,\"slow\":30},{\"fast\":10,\"slow\":40}]";
        OptimizationChunk c = save(db, new OptimizationChunk(o.getId(), 1, 3, 3, combinations, 3));
        OptimizationChunk queued = reload(db, OptimizationChunk.class, c.getId());
        assertThat(queued.getOptimizationId()).isEqualTo(o.getId());
        assertThat(queued.getSeq()).isEqualTo(1);
        assertThat(queued.getFirstCombination()).isEqualTo(3);
        assertThat(queued.getCombinationCount()).isEqualTo(3);
        assertThat(JSON.readTree(queued.getCombinationsJson())).isEqualTo(JSON.readTree(combinations));
        assertThat(queued.getStatus()).isEqualTo(RunStatus.QUEUED);
        assertThat(queued.getAttempts()).isZero();
        assertThat(queued.getMaxAttempts()).isEqualTo(3);
        assertThat(queued.getWorkerId()).isEmpty();
        assertThat(queued.getResultJson()).isEmpty();

        String result = "{\"evaluated\":3,\"top\":[{\"combination\":4,\"metric\":\"NaN\",\"parameters\":{\"slow\":30,\"fast\":10},"
                + "\"stats\":{\"sharpe_ratio\":null,\"equity_final\":1.0E7}}]}";
        OffsetDateTime started = OffsetDateTime.of(2024, 5, 1, 12, 0, 1, 0, ZoneOffset.UTC);
        db.inTransaction(em -> {
            OptimizationChunk m = em.find(OptimizationChunk.class, c.getId());
            m.claim("host-42-0", started.minusSeconds(1));
            m.requeue("STORAGE_UNAVAILABLE", "attempt 1 failed: connection refused");
            m.claim("host-42-1", started);
            m.complete(3, result, started.plusSeconds(2));
            return null;
        });
        OptimizationChunk read = reload(db, OptimizationChunk.class, c.getId());
        assertThat(read.getStatus()).isEqualTo(RunStatus.COMPLETED);
        assertThat(read.getAttempts()).isEqualTo(2);
        assertThat(read.getWorkerId()).contains("host-42-1");
        assertThat(read.getStartedAt().map(OffsetDateTime::toInstant)).contains(started.toInstant());
        assertThat(read.getFinishedAt().map(OffsetDateTime::toInstant)).contains(started.plusSeconds(2).toInstant());
        assertThat(read.getEvaluated()).isEqualTo(3);
        assertThat(read.getResultJson()).contains(result);
        assertThat(read.getErrorCode()).as("a completed chunk keeps no attempt's error").isEmpty();
        assertThat(read.getVersion()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void chunksGoWithTheirOptimizationAndHaveOneRowPerPosition(DatabaseKind kind) {
        Database db = dbs.get(kind);
        Optimization o = optimization(db, backtest(db, user(db)));
        save(db, new OptimizationChunk(o.getId(), 0, 0, 1, "[{\"fast\":5}]", 3));
        assertThatThrownBy(() -> save(db, new OptimizationChunk(o.getId(), 0, 1, 1, "[{\"fast\":10}]", 3)))
                .isInstanceOf(RuntimeException.class);
        db.inTransaction(em -> {
            em.remove(em.find(Optimization.class, o.getId()));
            return null;
        });
        long left = db.inTransaction(em -> em.createQuery("select count(c) from OptimizationChunk c where c.optimizationId = :o", Long.class)
                .setParameter("o", o.getId()).getSingleResult());
        assertThat(left).isZero();
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void auditEventWithAndWithoutItsOptionalColumns(DatabaseKind kind) {
        Database db = dbs.get(kind);
        OffsetDateTime at = OffsetDateTime.of(2024, 5, 1, 12, 0, 0, 123_456_000, ZoneOffset.UTC);
        AuditEventRecord full = save(db, new AuditEventRecord(UUID.randomUUID(), at, UUID.randomUUID(), ActorKind.ADMIN,
                "backtest.update", "backtest", UUID.randomUUID().toString(), "req-42", List.of("name", "initial_capital")));
        AuditEventRecord bare = save(db, new AuditEventRecord(UUID.randomUUID(), at, null, ActorKind.ADMIN_TOKEN,
                "admin.cache.clear", "cache", null, null, List.of()));

        AuditEventRecord read = reload(db, AuditEventRecord.class, full.getId());
        assertThat(read.view()).isEqualTo(full.view());
        assertThat(read.getOccurredAt()).isEqualTo(at);
        assertThat(read.getActorKind()).isEqualTo(ActorKind.ADMIN);
        assertThat(read.getChangedFields()).containsExactly("name", "initial_capital");
        AuditEventRecord readBare = reload(db, AuditEventRecord.class, bare.getId());
        assertThat(readBare.view()).isEqualTo(bare.view());
        assertThat(readBare.getUserId()).isNull();
        assertThat(readBare.getResourceId()).isNull();
        assertThat(readBare.getRequestId()).isNull();
        assertThat(readBare.getChangedFields()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void dataTaskThroughItsLifecycleWithAndWithoutAUser(DatabaseKind kind) {
        Database db = dbs.get(kind);
        OffsetDateTime at = OffsetDateTime.of(2025, 5, 1, 12, 0, 0, 123_456_000, ZoneOffset.UTC);
        UUID user = UUID.randomUUID();
        DataTask scheduled = save(db, DataTask.start(TaskKind.REFRESH, null, List.of("BTC", "SPY"), at));
        DataTask imported = save(db, DataTask.start(TaskKind.IMPORT, user, List.of("ETH"), at));

        DataTask read = reload(db, DataTask.class, scheduled.getId());
        assertThat(read.getKind()).isEqualTo(TaskKind.REFRESH);
        assertThat(read.getStatus()).isEqualTo(TaskStatus.RUNNING);
        assertThat(read.getUserId()).isEmpty();
        assertThat(read.getSymbols()).containsExactly("BTC", "SPY");
        assertThat(read.getCreatedAt()).isEqualTo(at);
        assertThat(read.getStartedAt()).hasValue(at);
        assertThat(read.getFinishedAt()).isEmpty();
        assertThat(read.isCancelRequested()).isFalse();
        assertThat(reload(db, DataTask.class, imported.getId()).getUserId()).hasValue(user);

        db.inTransaction(em -> {
            DataTask t = em.find(DataTask.class, scheduled.getId());
            t.progress(50, 1_440, 1);
            t.requestCancel();
            return null;
        });
        db.inTransaction(em -> {
            em.find(DataTask.class, scheduled.getId()).finish(TaskStatus.FAILED, "DATA_FETCH_FAILED", "yahoo: 503", at.plusMinutes(2));
            return null;
        });

        DataTask done = reload(db, DataTask.class, scheduled.getId());
        assertThat(done.getStatus()).isEqualTo(TaskStatus.FAILED);
        assertThat(done.getProgress()).isEqualTo(50);
        assertThat(done.getBarsWritten()).isEqualTo(1_440);
        assertThat(done.getObjectsWritten()).isEqualTo(1);
        assertThat(done.isCancelRequested()).isTrue();
        assertThat(done.getErrorCode()).hasValue("DATA_FETCH_FAILED");
        assertThat(done.getErrorMessage()).hasValue("yahoo: 503");
        assertThat(done.getFinishedAt()).hasValue(at.plusMinutes(2));
        assertThat(done.getVersion()).isEqualTo(read.getVersion() + 2);
        done.requestCancel(); // ignored once finished
        assertThatThrownBy(() -> done.progress(60, 1, 1)).isInstanceOf(IllegalStateException.class);
    }
}
