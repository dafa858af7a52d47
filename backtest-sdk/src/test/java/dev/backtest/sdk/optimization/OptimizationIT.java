package dev.backtest.sdk.optimization;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.backtest.BacktestInput;
import dev.backtest.sdk.config.ConfigKey;
import dev.backtest.sdk.optimization.internal.JpaOptimizationService;
import dev.backtest.sdk.optimization.internal.OptimizationExecutor;
import dev.backtest.sdk.run.RunService;
import dev.backtest.sdk.run.RunTiming;
import dev.backtest.sdk.run.internal.CandleSource;
import dev.backtest.sdk.run.internal.RunQueue;
import dev.backtest.sdk.strategy.StrategyInput;
import dev.backtest.sdk.testing.Internals;
import dev.backtest.sdk.testing.TestDatabases;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static dev.backtest.sdk.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Distributed sweeps through {@link BacktestClient#runs()}: on PostgreSQL two clients with workers share one
 * schema and the chunks of a sweep; on H2 one client does it all. Either way the result is the synchronous
 * sweep's, and the request is validated exactly like it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OptimizationIT {

    private static final RunTiming FAST = new RunTiming(Duration.ofMillis(100), Duration.ofMillis(100), 4,
            Duration.ofMillis(200));
    private static final LocalDate FIRST = LocalDate.of(2023, 1, 1);
    private static final LocalDate LAST = LocalDate.of(2023, 12, 31);
    private static final BigDecimal CAPITAL = new BigDecimal("1000000");

    @TempDir
    static Path dataDir;
    private String postgres;
    private BacktestClient a;
    private BacktestClient b;
    private BacktestClient h2;

    @BeforeAll
    void open() {
        postgres = TestDatabases.freshPostgresSchema();
        a = client(postgres, 2);
        b = client(postgres, 2);
        h2 = client(TestDatabases.freshH2(), 2);
    }

    @AfterAll
    void close() {
        for (BacktestClient c : new BacktestClient[] {a, b, h2}) {
            if (c != null) {
                c.close();
            }
        }
        TestDatabases.dropSchema(postgres);
    }

    private static BacktestClient client(String url, int workers) {
        return BacktestClient.builder().ignoreEnvironment().embedded(dataDir).databaseUrl(url).sampleData(true)
                .set(ConfigKey.BACKTEST_WORKERS, String.valueOf(workers)).runTiming(FAST).build();
    }

    @Test
    void sweepOnTwoInstancesIsSharedByBothAndRanksLikeTheSynchronousSweep() {
        UUID me = newUser(a);
        // 15-minute bars over a year (35,040): each combination takes milliseconds, so the 16 chunks (and the candles
        // each instance loads first) take long enough for both instances to claim some.
        UUID backtest = backtest(a, me, "BTC", "15m");
        Map<String, List<Object>> grid = new LinkedHashMap<>();
        grid.put("fast", List.of(3, 5, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60));
        grid.put("slow", List.of(20, 30, 40, 50, 60, 70, 80, 90, 100, 120, 140, 160, 180, 200, 220, 240, 260, 280, 300, 330,
                360, 400, 450, 500, 600));
        OptimizeRequest request = new OptimizeRequest(grid, "fast < slow", "return_pct", 7);

        int valid = 0;
        for (Object fast : grid.get("fast")) {
            for (Object slow : grid.get("slow")) {
                valid += (int) fast < (int) slow ? 1 : 0;
            }
        }

        OptimizationView started = a.optimizations().start(me, backtest, request);
        assertThat(started.status()).isEqualTo("queued");
        assertThat(started.gridSize()).isEqualTo(300);
        assertThat(started.combinations()).isEqualTo(valid).isEqualTo(284);
        assertThat(started.chunks()).isEqualTo(16);
        assertThat(started.chunksDone()).isZero();
        assertThat(started.result()).isNull();

        // Either instance answers: everything is in the database.
        OptimizationView done = awaitFinished(() -> b.optimizations().get(me, backtest, started.id()), Duration.ofSeconds(120));
        assertThat(done.status()).as(done.errorCode() + ": " + done.errorMessage()).isEqualTo("completed");
        assertThat(done.chunksDone()).isEqualTo(16);
        assertThat(done.progress()).isEqualTo(100);
        assertThat(done.evaluated()).isEqualTo(valid);
        assertThat(done.startedAt()).isNotNull();
        assertThat(done.finishedAt()).isAfterOrEqualTo(done.startedAt());

        List<String> workers = strings(a, "SELECT DISTINCT worker_id FROM optimization_chunks WHERE optimization_id = ?", started.id());
        assertThat(workers).as("instances that ran chunks").hasSize(2);
        assertThat(strings(a, "SELECT DISTINCT status FROM optimization_chunks WHERE optimization_id = ?", started.id()))
                .containsExactly("completed");
        assertThat(count(a, "SELECT COUNT(*) FROM scheduled_tasks WHERE task_name = 'optimize-chunk'")).isZero();

        OptimizeResult synchronous = a.optimizations().optimize(me, backtest, request);
        assertThat(done.result()).isEqualTo(synchronous);
        assertThat(done.result().results()).hasSize(7);
    }

    @Test
    void sweepOnOneH2InstanceRanksNaNLastAndTiesInGridOrderLikeTheSynchronousSweep() {
        UUID me = newUser(h2);
        UUID backtest = backtest(h2, me, "BTC", "1d");
        Map<String, List<Object>> grid = new LinkedHashMap<>();
        // slow periods beyond the 365 bars never trade: their sharpe_ratio is undefined (NaN), ranked last in grid order
        grid.put("slow", List.of(10, 20, 30, 400, 500));
        grid.put("fast", List.of(2, 3, 5, 8, 40));
        OptimizeRequest request = new OptimizeRequest(grid, "fast <= slow", null, 30);

        OptimizationView started = h2.optimizations().start(me, backtest, request);
        OptimizationView done = awaitFinished(() -> h2.optimizations().get(me, backtest, started.id()), Duration.ofSeconds(60));

        assertThat(done.status()).as(done.errorCode() + ": " + done.errorMessage()).isEqualTo("completed");
        assertThat(done.metric()).isEqualTo("sharpe_ratio");
        assertThat(done.gridSize()).isEqualTo(25);
        // fast 40 is above slow 10, 20 and 30: 22 left, in chunks of 2
        assertThat(done.combinations()).isEqualTo(22);
        assertThat(done.chunks()).isEqualTo(11);
        assertThat(done.evaluated()).isEqualTo(22);
        OptimizeResult synchronous = h2.optimizations().optimize(me, backtest, request);
        assertThat(done.result()).isEqualTo(synchronous);
        List<OptimizeResult.Entry> results = done.result().results();
        assertThat(results).hasSize(22);
        int firstUndefined = results.indexOf(results.stream().filter(e -> e.metric() == null).findFirst().orElseThrow());
        assertThat(results.subList(firstUndefined, 22)).hasSizeGreaterThanOrEqualTo(10).allSatisfy(e -> assertThat(e.metric()).isNull());
    }

    @Test
    void requestsAreValidatedExactlyLikeTheSynchronousSweepAndNothingIsStored() {
        UUID me = newUser(h2);
        UUID backtest = backtest(h2, me, "BTC", "1d");
        List<Object> hundred = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            hundred.add(i);
        }
        List<Object> hundredAndOne = new ArrayList<>(hundred);
        hundredAndOne.add(101);
        Map<String, List<Object>> tooLarge = new LinkedHashMap<>();
        tooLarge.put("fast", hundred);
        tooLarge.put("slow", hundredAndOne);
        List<OptimizeRequest> invalid = List.of(
                new OptimizeRequest(tooLarge, null, null, null),
                new OptimizeRequest(Map.of(), null, null, null),
                new OptimizeRequest(null, null, null, null),
                new OptimizeRequest(Map.of("colour", List.of(1)), null, null, null),
                new OptimizeRequest(Map.of("fast", List.of()), null, null, null),
                new OptimizeRequest(Map.of("fast", List.of(5)), null, null, 0),
                new OptimizeRequest(Map.of("fast", List.of(5)), null, null, 101),
                new OptimizeRequest(Map.of("fast", List.of(5)), "fast < slow; drop table", null, null),
                new OptimizeRequest(Map.of("fast", List.of(5)), "fast < colour", null, null),
                new OptimizeRequest(Map.of("fast", List.of(5)), null, "happiness", null));

        for (OptimizeRequest request : invalid) {
            BacktestException sync = catchThrowableOfType(BacktestException.class, () -> h2.optimizations().optimize(me, backtest, request));
            BacktestException distributed = catchThrowableOfType(BacktestException.class,
                    () -> h2.optimizations().start(me, backtest, request));
            assertThat(sync).as("synchronous error for %s", request).isNotNull();
            assertThat(distributed).as("distributed error for %s", request).isNotNull();
            assertThat(distributed.code()).as("%s", request).isEqualTo(sync.code());
            assertThat(distributed.getMessage()).isEqualTo(sync.getMessage());
            assertThat(distributed.details()).isEqualTo(sync.details());
        }
        BacktestException tooLargeError = catchThrowableOfType(BacktestException.class,
                () -> h2.optimizations().start(me, backtest, invalid.get(0)));
        assertThat(tooLargeError.code()).isEqualTo(ErrorCode.GRID_TOO_LARGE);
        assertThat(tooLargeError.getMessage()).contains("10100").contains("10000");
        assertThat(tooLargeError.details()).containsEntry("grid_size", 10_100L).containsEntry("limit", 10_000L);
        // the limit is a setting: a client configured with OPTIMIZE_MAX_GRID=4 refuses 6 combinations, both ways
        try (BacktestClient small = BacktestClient.builder().ignoreEnvironment().embedded(dataDir).databaseUrl(TestDatabases.freshH2())
                .set(ConfigKey.BACKTEST_WORKERS, "0").set(ConfigKey.OPTIMIZE_MAX_GRID, "4").build()) {
            UUID other = newUser(small);
            UUID smallBacktest = backtest(small, other, "BTC", "1d");
            OptimizeRequest six = new OptimizeRequest(Map.of("fast", List.of(3, 5, 8), "slow", List.of(20, 30)), null, null, null);
            for (ThrowableAssert.ThrowingCallable call : List.<ThrowableAssert.ThrowingCallable>of(
                    () -> small.optimizations().optimize(other, smallBacktest, six), () -> small.optimizations().start(other, smallBacktest, six))) {
                BacktestException e = catchThrowableOfType(BacktestException.class, call);
                assertThat(e.code()).isEqualTo(ErrorCode.GRID_TOO_LARGE);
                assertThat(e.details()).containsEntry("grid_size", 6L).containsEntry("limit", 4L);
                assertThat(e.getMessage()).contains("OPTIMIZE_MAX_GRID");
            }
        }
        BacktestException unknownMetric = catchThrowableOfType(BacktestException.class,
                () -> h2.optimizations().start(me, backtest, invalid.get(invalid.size() - 1)));
        assertThat(unknownMetric.code()).isEqualTo(ErrorCode.INVALID_RUN_OPTIONS);

        var bare = h2.backtests().create(me, new BacktestInput("bare " + UUID.randomUUID(), null, "BTC", "1d", FIRST, LAST,
                new BigDecimal("10000"), null, null));
        BacktestException noStrategy = catchThrowableOfType(BacktestException.class,
                () -> h2.optimizations().start(me, bare.id(), new OptimizeRequest(Map.of("fast", List.of(5)), null, null, null)));
        assertThat(noStrategy.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(count(h2, "SELECT COUNT(*) FROM optimizations WHERE user_id = ?", me)).isZero();
    }

    @Test
    void anotherUsersBacktestIsNotFoundAndSweepsBelongToTheirBacktest() {
        UUID me = newUser(h2);
        UUID other = newUser(h2);
        UUID backtest = backtest(h2, me, "BTC", "1d");
        UUID secondBacktest = backtest(h2, me, "BTC", "1d");
        OptimizeRequest request = new OptimizeRequest(Map.of("fast", List.of(5, 8)), null, null, null);

        assertThat(catchThrowableOfType(BacktestException.class, () -> h2.optimizations().start(other, backtest, request)).code())
                .isEqualTo(ErrorCode.BACKTEST_NOT_FOUND);
        OptimizationView mine = h2.optimizations().start(me, backtest, request);
        assertThat(catchThrowableOfType(BacktestException.class, () -> h2.optimizations().get(other, backtest, mine.id())).code())
                .isEqualTo(ErrorCode.BACKTEST_NOT_FOUND);
        assertThat(catchThrowableOfType(BacktestException.class, () -> h2.optimizations().cancel(other, backtest, mine.id())).code())
                .isEqualTo(ErrorCode.BACKTEST_NOT_FOUND);
        assertThat(catchThrowableOfType(BacktestException.class, () -> h2.optimizations().get(me, secondBacktest, mine.id())).code())
                .isEqualTo(ErrorCode.OPTIMIZATION_NOT_FOUND);
        assertThat(catchThrowableOfType(BacktestException.class, () -> h2.optimizations().get(me, backtest, UUID.randomUUID())).code())
                .isEqualTo(ErrorCode.OPTIMIZATION_NOT_FOUND);
        assertThat(awaitFinished(() -> h2.optimizations().get(me, backtest, mine.id()), Duration.ofSeconds(60)).status())
                .isEqualTo("completed");
    }

    @Test
    void cancelledSweepSkipsItsQueuedChunks() {
        String url = TestDatabases.freshH2();
        // Queued while no instance works on this database, so the cancel always finds every chunk queued.
        try (BacktestClient producer = client(url, 0)) {
            UUID me = newUser(producer);
            UUID backtest = backtest(producer, me, "BTC", "1d");
            OptimizationView started = producer.optimizations().start(me, backtest,
                    new OptimizeRequest(Map.of("fast", List.of(2, 3, 5, 8)), null, null, null));
            assertThat(started.chunks()).isEqualTo(4);
            OptimizationView cancelled = producer.optimizations().cancel(me, backtest, started.id());
            assertThat(cancelled.status()).isEqualTo("cancelled");
            assertThat(cancelled.finishedAt()).isNotNull();
            assertThat(strings(producer, "SELECT DISTINCT status FROM optimization_chunks WHERE optimization_id = ?", started.id()))
                    .containsExactly("cancelled");
            // A worker then takes the queue items and leaves the chunks alone. (Keep the producer open: H2 in memory.)
            try (BacktestClient worker = client(url, 1)) {
                await(() -> count(producer, "SELECT COUNT(*) FROM scheduled_tasks WHERE task_name = 'optimize-chunk'") == 0,
                        Duration.ofSeconds(30));
            }
            assertThat(count(producer, "SELECT COUNT(*) FROM optimization_chunks WHERE optimization_id = ? AND attempts > 0",
                    started.id())).isZero();
            OptimizationView after = producer.optimizations().cancel(me, backtest, started.id());
            assertThat(after.status()).isEqualTo("cancelled");
            assertThat(after.chunksDone()).isZero();
            assertThat(after.result()).isNull();
        }
    }

    @Test
    void failedChunkIsRetriedAndAfterItsLastAttemptFailsTheSweepWithItsError() {
        String url = TestDatabases.freshH2();
        // The client queues only; a queue of our own executes the chunks with a store that fails on demand.
        try (BacktestClient producer = client(url, 0)) {
            AtomicInteger failures = new AtomicInteger();
            CandleSource flaky = s -> {
                if (failures.getAndDecrement() > 0) {
                    throw BacktestException.of(ErrorCode.STORAGE_UNAVAILABLE, "the object store did not answer");
                }
                return producer.candles().symbol(s.symbol()).between(s.startDate(), s.endDate()).timeframe(s.timeframe()).fetch();
            };
            OptimizationExecutor chunks = new OptimizationExecutor(Internals.database(producer), flaky, "flaky-worker");
            try (RunQueue queue = RunQueue.start(Internals.database(producer).dataSource(), 1, "flaky-worker", id -> { }, chunks, FAST)) {
                JpaOptimizationService service = new JpaOptimizationService(Internals.database(producer), queue, flaky,
                        OptimizationService.DEFAULT_MAX_GRID_SIZE);
                UUID me = newUser(producer);
                UUID backtest = backtest(producer, me, "BTC", "1d");
                OptimizeRequest oneChunk = new OptimizeRequest(Map.of("fast", List.of(5)), null, null, null);

                failures.set(1);
                OptimizationView retried = service.start(me, backtest, oneChunk);
                OptimizationView done = awaitFinished(() -> service.get(me, backtest, retried.id()), Duration.ofSeconds(30));
                assertThat(done.status()).isEqualTo("completed");
                assertThat(count(producer, "SELECT attempts FROM optimization_chunks WHERE optimization_id = ?", retried.id()))
                        .isEqualTo(2);

                failures.set(RunService.MAX_ATTEMPTS);
                OptimizationView failing = service.start(me, backtest, oneChunk);
                OptimizationView failed = awaitFinished(() -> service.get(me, backtest, failing.id()), Duration.ofSeconds(30));
                assertThat(failed.status()).isEqualTo("failed");
                assertThat(failed.errorCode()).isEqualTo("STORAGE_UNAVAILABLE");
                assertThat(failed.errorMessage()).startsWith("chunk 1 of 1 failed: failed after 3 attempts")
                        .contains("the object store did not answer");
                assertThat(failed.result()).isNull();

                UUID nowhere = backtest(producer, me, "NODATA", "1d");
                OptimizationView missing = service.start(me, nowhere, oneChunk);
                OptimizationView notRetried = awaitFinished(() -> service.get(me, nowhere, missing.id()), Duration.ofSeconds(30));
                assertThat(notRetried.status()).isEqualTo("failed");
                assertThat(notRetried.errorCode()).isEqualTo("SYMBOL_NOT_FOUND");
                assertThat(count(producer, "SELECT attempts FROM optimization_chunks WHERE optimization_id = ?", missing.id()))
                        .isEqualTo(1);
            }
        }
    }

    private static UUID newUser(BacktestClient c) {
        UUID id = UUID.randomUUID();
        c.users().ensure(id, id + "@example.com");
        return id;
    }

    private static UUID backtest(BacktestClient c, UUID user, String symbol, String timeframe) {
        var s = c.strategies().create(user, new StrategyInput("cross " + UUID.randomUUID(), null, "sma_cross",
                Map.of("fast", 5, "slow", 20), false));
        return c.backtests().create(user, new BacktestInput("bt " + UUID.randomUUID(), s.id().toString(), symbol, timeframe, FIRST, LAST,
                CAPITAL, new BigDecimal("0.002"), Map.of())).id();
    }

    private static OptimizationView awaitFinished(Supplier<OptimizationView> view, Duration timeout) {
        await(() -> view.get().finished(), timeout);
        return view.get();
    }

    private static long count(BacktestClient c, String sql, Object... args) {
        try (Connection con = Internals.database(c).dataSource().getConnection(); PreparedStatement ps = con.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> strings(BacktestClient c, String sql, Object arg) {
        try (Connection con = Internals.database(c).dataSource().getConnection(); PreparedStatement ps = con.prepareStatement(sql)) {
            ps.setObject(1, arg);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
