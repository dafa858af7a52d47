package dev.backtest.sdk.run;

import dev.backtest.engine.BacktestResult;
import dev.backtest.engine.CandleSeries;
import dev.backtest.engine.Engine;
import dev.backtest.engine.RunOptions;
import dev.backtest.engine.Sweep;
import dev.backtest.engine.SweepResult;
import dev.backtest.engine.Timeframe;
import dev.backtest.engine.strategies.Strategies;
import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.backtest.internal.Backtest;
import dev.backtest.sdk.config.ConfigKey;
import dev.backtest.sdk.config.DatabaseKind;
import dev.backtest.sdk.optimization.OptimizeRequest;
import dev.backtest.sdk.optimization.OptimizeResult;
import dev.backtest.sdk.page.PageRequest;
import dev.backtest.sdk.persistence.internal.Database;
import dev.backtest.sdk.persistence.internal.StoredJson;
import dev.backtest.sdk.run.internal.BacktestRun;
import dev.backtest.sdk.run.internal.RunQueue;
import dev.backtest.sdk.run.internal.RunSnapshot;
import dev.backtest.sdk.strategy.StrategyInput;
import dev.backtest.sdk.testing.Internals;
import dev.backtest.sdk.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.backtest.sdk.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Runs through {@link BacktestClient#runs()} on PostgreSQL and on H2: for each database, two working
 * clients and one that only queues share one schema (an H2 in-memory database is shared inside the JVM).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunServiceIT {

    private static final RunTiming FAST = new RunTiming(Duration.ofMillis(100), Duration.ofMillis(100), 4,
            Duration.ofMillis(200));
    private static final LocalDate FIRST = LocalDate.of(2023, 1, 1);
    private static final LocalDate LAST = LocalDate.of(2023, 12, 31);
    /** Enough for whole BTC units. */
    private static final BigDecimal CAPITAL = new BigDecimal("1000000");

    private record Cluster(BacktestClient workerA, BacktestClient workerB, BacktestClient producer, String url) {
        Database db() {
            return Internals.database(producer);
        }
    }

    @TempDir
    static Path dataDir;
    private final Map<DatabaseKind, Cluster> clusters = new EnumMap<>(DatabaseKind.class);

    @BeforeAll
    void open() {
        String pg = TestDatabases.freshPostgresSchema();
        clusters.put(DatabaseKind.POSTGRESQL, cluster(pg));
        clusters.put(DatabaseKind.H2, cluster(TestDatabases.freshH2()));
    }

    private Cluster cluster(String url) {
        return new Cluster(client(url, 2), client(url, 2), client(url, 0), url);
    }

    private BacktestClient client(String url, int workers) {
        return BacktestClient.builder().ignoreEnvironment().embedded(dataDir).databaseUrl(url).sampleData(true)
                .set(ConfigKey.BACKTEST_WORKERS, String.valueOf(workers)).runTiming(FAST).build();
    }

    @AfterAll
    void close() {
        clusters.values().forEach(c -> {
            c.producer().close();
            c.workerA().close();
            c.workerB().close();
        });
        TestDatabases.dropSchema(clusters.get(DatabaseKind.POSTGRESQL).url());
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void completedRunHasTheEngineResultsWrittenOnce(DatabaseKind kind) {
        Cluster c = clusters.get(kind);
        UUID me = newUser(c);
        UUID backtest = backtest(c, me, Map.of("fast", 5, "slow", 20), Map.of("slow", 25));

        RunView started = c.producer().runs().start(me, backtest);
        assertThat(started.status()).isEqualTo("queued");
        assertThat(c.producer().backtests().get(me, backtest).status()).isIn("queued", "running", "completed");
        RunView done = awaitFinished(c, me, backtest);

        assertThat(done.status()).isEqualTo("completed");
        assertThat(done.progress()).isEqualTo(100);
        assertThat(done.attempts()).isEqualTo(1);
        assertThat(done.startedAt()).isNotNull();
        assertThat(done.finishedAt()).isAfterOrEqualTo(done.startedAt());
        assertThat(done.errorCode()).isNull();

        CandleSeries series = c.producer().candles().symbol("BTC").between(FIRST, LAST).timeframe(Timeframe.D1).fetch();
        BacktestResult direct = Engine.run(series, Strategies.create("sma_cross", Map.of("fast", 5, "slow", 25)),
                RunOptions.builder().cash(CAPITAL.doubleValue()).commission(0.002).fractionalUnits(true).build());
        assertThat(direct.trades()).isNotEmpty();

        RunResults r = c.producer().runs().results(me, backtest, 50, PageRequest.first(200));
        assertThat(r.runId()).isEqualTo(done.id());
        assertThat(r.barCount()).isEqualTo(series.size());
        assertThat(r.stats()).isEqualTo(StoredJson.tree(direct.stats()));
        assertThat(r.equity().time()).hasSize(50);
        assertThat(r.equity().time()[0]).isEqualTo(series.time()[0]);
        assertThat(r.equity().time()[49]).isEqualTo(series.time()[series.size() - 1]);
        assertThat(r.equity().equity()[49]).isEqualTo(direct.equity()[series.size() - 1]);
        assertThat(r.trades().total()).isEqualTo(direct.trades().size());
        for (int i = 0; i < direct.trades().size(); i++) {
            var expected = direct.trades().get(i);
            var actual = r.trades().items().get(i);
            assertThat(actual.seq()).isEqualTo(i);
            assertThat(actual.entryBar()).isEqualTo(expected.entryBar());
            assertThat(actual.exitBar()).isEqualTo(expected.exitBar());
            assertThat(actual.pnl().doubleValue()).isCloseTo(expected.pnl(), org.assertj.core.data.Offset.offset(1e-6));
        }
        RunResults page = c.producer().runs().results(me, backtest, 10_000, new PageRequest(1, 1, PageRequest.Sort.CREATED_AT));
        assertThat(page.trades().items()).singleElement().extracting(RunResults.TradeRow::seq).isEqualTo(1);
        assertThat(page.equity().time()).hasSize(series.size());

        var b = c.producer().backtests().get(me, backtest);
        assertThat(b.status()).isEqualTo("completed");
        assertThat(b.metrics().totalTrades()).isEqualTo(direct.trades().size());
        assertThat(b.metrics().finalCapital().doubleValue()).isCloseTo(direct.stats().metric("equity_final"),
                org.assertj.core.data.Offset.offset(1e-6));
        assertThat(b.metrics().sharpeRatio()).isEqualTo(finiteOrNull(direct.stats().metric("sharpe_ratio")));
        assertThat(b.metrics().maxDrawdownPct()).isEqualTo(direct.stats().metric("max_drawdown_pct"));

        assertThat(count(c, "SELECT COUNT(*) FROM run_results WHERE id = ?", done.id())).isEqualTo(1);
        assertThat(count(c, "SELECT COUNT(*) FROM run_trades WHERE run_id = ?", done.id())).isEqualTo(direct.trades().size());
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void runWithParametersTheEngineRejectsFailsWithoutPartialResults(DatabaseKind kind) {
        Cluster c = clusters.get(kind);
        UUID me = newUser(c);
        UUID backtest = backtest(c, me, Map.of("fast", 5, "slow", 20), Map.of());
        // Stored by an older version or by hand: fast above slow is not a valid sma_cross.
        c.db().inTransaction(em -> {
            em.find(Backtest.class, backtest).setParametersJson("{\"fast\": 40, \"slow\": 20}");
            return null;
        });

        UUID run = c.producer().runs().start(me, backtest).id();
        RunView done = awaitFinished(c, me, backtest);

        assertThat(done.status()).isEqualTo("failed");
        assertThat(done.errorCode()).isEqualTo("INVALID_STRATEGY_PARAMETER");
        assertThat(done.errorMessage()).contains("sma_cross").contains("40").contains("20");
        assertThat(done.attempts()).isEqualTo(1);
        assertThat(c.producer().backtests().get(me, backtest).status()).isEqualTo("failed");
        assertThat(count(c, "SELECT COUNT(*) FROM run_results WHERE id = ?", run)).isZero();
        assertThat(count(c, "SELECT COUNT(*) FROM run_trades WHERE run_id = ?", run)).isZero();
        assertThatThrownBy(() -> c.producer().runs().results(me, backtest, 100, PageRequest.first(10)))
                .isInstanceOfSatisfying(BacktestException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RUN_NOT_FOUND));
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void cancelledQueuedRunIsNeverExecuted(DatabaseKind kind) {
        String url = kind == DatabaseKind.POSTGRESQL ? TestDatabases.freshPostgresSchema() : TestDatabases.freshH2();
        try {
            UUID me;
            UUID backtest;
            UUID run;
            // Queued while no instance works on this database, so the cancel always finds it queued.
            try (BacktestClient producer = client(url, 0)) {
                Cluster c = new Cluster(null, null, producer, url);
                me = newUser(c);
                backtest = backtest(c, me, Map.of("fast", 5, "slow", 20), Map.of());
                run = producer.runs().start(me, backtest).id();
                RunView cancelled = producer.runs().cancel(me, backtest);
                assertThat(cancelled.id()).isEqualTo(run);
                assertThat(cancelled.status()).isEqualTo("cancelled");
                assertThat(cancelled.cancelRequested()).isTrue();
                assertThat(cancelled.finishedAt()).isNotNull();
                assertThat(producer.backtests().get(me, backtest).status()).isEqualTo("cancelled");
                assertThat(count(c, "SELECT COUNT(*) FROM scheduled_tasks WHERE task_instance = ?", run.toString())).isEqualTo(1);
                // A worker then takes the queue entry and leaves the run alone. (Keep the producer open: H2 in memory.)
                try (BacktestClient worker = client(url, 1)) {
                    await(() -> count(c, "SELECT COUNT(*) FROM scheduled_tasks WHERE task_instance = ?", run.toString()) == 0);
                }
                RunView after = producer.runs().get(me, backtest);
                assertThat(after.status()).isEqualTo("cancelled");
                assertThat(after.attempts()).isZero();
                assertThat(after.workerId()).isNull();
                assertThat(count(c, "SELECT COUNT(*) FROM run_results WHERE id = ?", run)).isZero();
                // Cancelling a finished run changes nothing.
                assertThat(producer.runs().cancel(me, backtest).status()).isEqualTo("cancelled");
            }
        } finally {
            if (kind == DatabaseKind.POSTGRESQL) {
                TestDatabases.dropSchema(url);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void clientsOnOneDatabaseShareTheQueueAndExecuteEachRunOnce(DatabaseKind kind) {
        Cluster c = clusters.get(kind);
        UUID me = newUser(c);
        List<UUID> backtests = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            backtests.add(backtest(c, me, Map.of("fast", 3 + i, "slow", 20), Map.of()));
        }
        List<UUID> runs = backtests.stream().map(b -> c.producer().runs().start(me, b).id()).toList();
        for (UUID b : backtests) {
            RunView done = awaitFinished(c, me, b);
            assertThat(done.status()).isEqualTo("completed");
            assertThat(done.attempts()).isEqualTo(1);
            assertThat(done.progress()).isEqualTo(100);
        }
        for (UUID run : runs) {
            assertThat(count(c, "SELECT COUNT(*) FROM run_results WHERE id = ?", run)).isEqualTo(1);
        }
        assertThat(backtests).allSatisfy(b -> assertThat(workerOf(c, me, b)).isNotNull());
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void runLeftRunningByADeadWorkerIsReclaimedAndCompletesOnce(DatabaseKind kind) throws Exception {
        Cluster c = clusters.get(kind);
        UUID me = newUser(c);
        UUID backtest = backtest(c, me, Map.of("fast", 5, "slow", 20), Map.of());
        // What a worker that died mid-run leaves: the run running with a stale heartbeat, the backtest running,
        // and a queue entry picked by the dead instance whose heartbeat stopped.
        OffsetDateTime old = OffsetDateTime.now(java.time.ZoneOffset.UTC).minusMinutes(1);
        UUID run = c.db().inTransaction(em -> {
            Backtest b = em.find(Backtest.class, backtest);
            BacktestRun r = new BacktestRun(backtest, me, new RunSnapshot("BTC", Timeframe.D1, FIRST, LAST, "sma_cross",
                    Map.of("fast", 5, "slow", 20), RunOptions.builder().cash(1_000_000).commission(0.002).build()), RunService.MAX_ATTEMPTS,
                    old.minusSeconds(5));
            r.claim("killed-instance", old.minusSeconds(5));
            r.heartbeat(old);
            r.setProgress(10);
            em.persist(r);
            b.queue();
            b.start();
            em.flush();
            return r.getId();
        });
        try (Connection con = c.db().dataSource().getConnection(); PreparedStatement ps = con.prepareStatement(
                "INSERT INTO scheduled_tasks (task_name, task_instance, task_data, execution_time, picked, picked_by, last_heartbeat, version)"
                        + " VALUES (?, ?, ?, ?, TRUE, 'killed-instance', ?, 1)")) {
            ps.setString(1, RunQueue.TASK_NAME);
            ps.setString(2, run.toString());
            ps.setBytes(3, javaSerialized(run.toString()));
            ps.setTimestamp(4, Timestamp.from(old.toInstant()));
            ps.setTimestamp(5, Timestamp.from(old.toInstant()));
            ps.executeUpdate();
        }

        RunView done = awaitFinished(c, me, backtest);
        assertThat(done.status()).isEqualTo("completed");
        assertThat(done.attempts()).isEqualTo(2);
        assertThat(workerOf(c, me, backtest)).isNotEqualTo("killed-instance");
        assertThat(count(c, "SELECT COUNT(*) FROM run_results WHERE id = ?", run)).isEqualTo(1);
        await(() -> count(c, "SELECT COUNT(*) FROM scheduled_tasks WHERE task_instance = ?", run.toString()) == 0);
        assertThat(c.producer().runs().get(me, backtest).attempts()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void runsAreIsolatedByUserAndNeedAStrategy(DatabaseKind kind) {
        Cluster c = clusters.get(kind);
        UUID me = newUser(c);
        UUID other = newUser(c);
        UUID backtest = backtest(c, me, Map.of("fast", 5, "slow", 20), Map.of());
        assertThatThrownBy(() -> c.producer().runs().start(other, backtest))
                .isInstanceOfSatisfying(BacktestException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BACKTEST_NOT_FOUND));
        assertThatThrownBy(() -> c.producer().runs().get(me, backtest))
                .isInstanceOfSatisfying(BacktestException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RUN_NOT_FOUND));
        var bare = c.producer().backtests().create(me, new dev.backtest.sdk.backtest.BacktestInput("bare " + UUID.randomUUID(), null,
                "BTC", "1d", FIRST, LAST, new BigDecimal("10000"), null, null));
        assertThatThrownBy(() -> c.producer().runs().start(me, bare.id()))
                .isInstanceOfSatisfying(BacktestException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
        c.producer().runs().start(me, backtest);
        assertThatThrownBy(() -> c.producer().runs().start(me, backtest))
                .isInstanceOfSatisfying(BacktestException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BACKTEST_INVALID_STATE));
        awaitFinished(c, me, backtest);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void optimizeRanksLikeTheEngineOnTheBacktestsCandles(DatabaseKind kind) {
        Cluster c = clusters.get(kind);
        UUID me = newUser(c);
        UUID backtest = backtest(c, me, Map.of("fast", 5, "slow", 20, "direction", "long_only"), Map.of());
        Map<String, List<Object>> grid = new java.util.LinkedHashMap<>();
        grid.put("fast", List.of(3, 5, 8, 40));
        grid.put("slow", List.of(10, 20, 40));

        OptimizeResult r = c.producer().optimizations().optimize(me, backtest, new OptimizeRequest(grid, "fast <= slow", "return_pct", 3));

        CandleSeries series = c.producer().candles().symbol("BTC").between(FIRST, LAST).timeframe(Timeframe.D1).fetch();
        RunOptions options = RunOptions.builder().cash(CAPITAL.doubleValue()).commission(0.002).fractionalUnits(true).build();
        // the client's engine view, with the backtest's fixed parameter: the same runs, skipped and counted the same way
        SweepResult direct = c.producer().engine().sweep(series, Sweep.of(grid).fixed(Map.of("direction", "long_only"))
                .constraint("fast <= slow").metric("return_pct").top(3), "sma_cross", options);
        SweepResult predicate = c.producer().engine().sweep(series, Sweep.of(grid).fixed(Map.of("direction", "long_only"))
                .constraint(p -> (int) p.get("fast") <= (int) p.get("slow")).metric("return_pct").top(3), "sma_cross", options);
        assertThat(predicate).isEqualTo(direct);
        assertThat(r.gridSize()).isEqualTo(12).isEqualTo(direct.gridSize());
        assertThat(r.evaluated()).isEqualTo(9).isEqualTo(direct.evaluated()); // 40/40 passes the constraint but sma_cross needs fast < slow
        assertThat(r.results()).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(r.results().get(i).parameters()).containsEntry("direction", "long_only")
                    .containsEntry("fast", direct.best().get(i).params().get("fast"))
                    .containsEntry("slow", direct.best().get(i).params().get("slow"));
            assertThat(r.results().get(i).metric()).isEqualTo(direct.best().get(i).metric());
        }
        assertThatThrownBy(() -> c.producer().optimizations().optimize(me, backtest, new OptimizeRequest(grid, "fast < slow || true", null, null)))
                .isInstanceOfSatisfying(BacktestException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
        assertThatThrownBy(() -> c.producer().optimizations().optimize(UUID.randomUUID(), backtest, new OptimizeRequest(grid, null, null, null)))
                .isInstanceOfSatisfying(BacktestException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BACKTEST_NOT_FOUND));
    }

    private static UUID newUser(Cluster c) {
        UUID id = UUID.randomUUID();
        c.producer().users().ensure(id, id + "@example.com");
        return id;
    }

    private static UUID backtest(Cluster c, UUID user, Map<String, Object> strategyParams, Map<String, Object> backtestParams) {
        var s = c.producer().strategies().create(user, new StrategyInput("cross " + UUID.randomUUID(), null, "sma_cross",
                strategyParams, false));
        return c.producer().backtests().create(user, new dev.backtest.sdk.backtest.BacktestInput("bt " + UUID.randomUUID(),
                s.id().toString(), "BTC", "1d", FIRST, LAST, CAPITAL, new BigDecimal("0.002"), backtestParams)).id();
    }

    private static RunView awaitFinished(Cluster c, UUID user, UUID backtest) {
        await(() -> c.producer().runs().get(user, backtest).finished());
        return c.producer().runs().get(user, backtest);
    }

    private static String workerOf(Cluster c, UUID user, UUID backtest) {
        UUID run = c.producer().runs().get(user, backtest).id();
        return c.db().inTransaction(em -> em.find(BacktestRun.class, run).getWorkerId().orElse(null));
    }

    private static long count(Cluster c, String sql, Object id) {
        try (Connection con = c.db().dataSource().getConnection(); PreparedStatement ps = con.prepareStatement(sql)) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] javaSerialized(String value) throws java.io.IOException {
        var bytes = new java.io.ByteArrayOutputStream();
        try (var out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        return bytes.toByteArray();
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
