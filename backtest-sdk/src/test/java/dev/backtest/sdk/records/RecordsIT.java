package dev.backtest.sdk.records;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.error.FieldError;
import dev.backtest.sdk.backtest.BacktestInput;
import dev.backtest.sdk.backtest.BacktestStatus;
import dev.backtest.sdk.backtest.BacktestView;
import dev.backtest.sdk.backtest.internal.Backtest;
import dev.backtest.sdk.backtest.internal.JpaBacktestService;
import dev.backtest.sdk.config.DatabaseKind;
import dev.backtest.sdk.page.Page;
import dev.backtest.sdk.page.PageRequest;
import dev.backtest.sdk.persistence.internal.Database;
import dev.backtest.sdk.strategy.StrategyInput;
import dev.backtest.sdk.strategy.StrategyView;
import dev.backtest.sdk.strategy.internal.JpaStrategyService;
import dev.backtest.sdk.testing.BothDatabases;
import dev.backtest.sdk.trade.RecordedTrade;
import dev.backtest.sdk.trade.TradeInput;
import dev.backtest.sdk.trade.TradeView;
import dev.backtest.sdk.trade.internal.JpaTradeService;
import dev.backtest.sdk.user.internal.JpaUserService;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The users, strategies, backtests and trades services on PostgreSQL and on H2: every rule, and isolation between users. */
class RecordsIT {

    @RegisterExtension
    static final BothDatabases databases = new BothDatabases();

    private record Services(Database db, JpaUserService users, JpaStrategyService strategies, JpaBacktestService backtests, JpaTradeService trades) {
        UUID newUser() {
            UUID id = UUID.randomUUID();
            users.ensure(id, id + "@example.com");
            return id;
        }
    }

    private static Services on(DatabaseKind kind) {
        Database db = databases.get(kind);
        return new Services(db, new JpaUserService(db), new JpaStrategyService(db), new JpaBacktestService(db), new JpaTradeService(db));
    }

    private static BacktestInput backtest(String name, String strategy, String capital) {
        return new BacktestInput(name, strategy, "BTC", "1h", LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31),
                new BigDecimal(capital), new BigDecimal("0.001"), null);
    }

    private static TradeInput trade(UUID backtest, String side, String qty, String price, int minute) {
        return new TradeInput(backtest, "BTC", side, new BigDecimal(qty), new BigDecimal(price),
                OffsetDateTime.of(2024, 3, 1, 0, 0, 0, 0, ZoneOffset.UTC).plusMinutes(minute), new BigDecimal("1"));
    }

    private static BacktestException failure(ErrorCode code, ThrowableAssert.ThrowingCallable call) {
        BacktestException e = catchThrowableOfType(BacktestException.class, call);
        assertThat(e).as("expected " + code).isNotNull();
        assertThat(e.code()).isEqualTo(code);
        return e;
    }

    @SuppressWarnings("unchecked")
    private static List<String> fields(BacktestException e) {
        return ((List<FieldError>) e.details().get("errors")).stream().map(FieldError::field).toList();
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void concurrentFirstSightCreatesOneUserRow(DatabaseKind kind) throws Exception {
        Services s = on(kind);
        UUID id = UUID.randomUUID();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            done.add(pool.submit(() -> {
                go.await();
                s.users().ensure(id, "same@example.com");
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        long rows = s.db().inTransaction(em -> (Long) em.createQuery("select count(u) from User u where u.id = :id")
                .setParameter("id", id).getSingleResult());
        assertThat(rows).isEqualTo(1);
        assertThat(s.users().get(id).email()).isEqualTo("same@example.com");
        failure(ErrorCode.USER_NOT_FOUND, () -> s.users().get(UUID.randomUUID()));
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void strategiesAreValidatedFilledAndIsolated(DatabaseKind kind) {
        Services s = on(kind);
        UUID alice = s.newUser();
        UUID bob = s.newUser();
        StrategyView created = s.strategies().create(alice, new StrategyInput(" Cross ", "d", "sma_cross", Map.of("fast", 5), null));
        assertThat(created.name()).isEqualTo("Cross");
        assertThat(created.parameters()).containsEntry("fast", 5).containsEntry("slow", 30).containsEntry("direction", "long_short");
        assertThat(created.isPublic()).isFalse();
        assertThat(created.owned()).isTrue();

        BacktestException invalid = failure(ErrorCode.VALIDATION_FAILED, () -> s.strategies().create(alice,
                new StrategyInput("", null, "sma_cross", Map.of("fast", 40, "slow", 20, "bogus", 1), null)));
        assertThat(fields(invalid)).contains("name", "parameters.bogus");
        assertThat(fields(failure(ErrorCode.VALIDATION_FAILED, () -> s.strategies().create(alice,
                new StrategyInput("x", null, "sma_cross", Map.of("fast", 40, "slow", 20), null))))).containsExactly("parameters.fast");
        assertThat(fields(failure(ErrorCode.VALIDATION_FAILED, () -> s.strategies().create(alice,
                new StrategyInput("x", null, "nope", null, null))))).containsExactly("type");
        assertThat(fields(failure(ErrorCode.VALIDATION_FAILED, () -> s.strategies().create(alice,
                new StrategyInput("x", null, "bollinger_breakout", Map.of("k", "wide"), null))))).containsExactly("parameters.k");
        assertThat(fields(failure(ErrorCode.VALIDATION_FAILED, () -> s.strategies().create(alice,
                new StrategyInput("x", null, "sma_cross", Map.of("fast", 2.5), null))))).containsExactly("parameters.fast");
        failure(ErrorCode.DUPLICATE_NAME, () -> s.strategies().create(alice, new StrategyInput("Cross", null, "buy_and_hold", null, null)));
        // the same name is free for another user
        s.strategies().create(bob, new StrategyInput("Cross", null, "buy_and_hold", null, null));

        // another user's private strategy behaves like a missing one, on every operation
        for (UUID id : List.of(created.id(), UUID.randomUUID())) {
            BacktestException get = failure(ErrorCode.STRATEGY_NOT_FOUND, () -> s.strategies().get(bob, id));
            assertThat(get.getMessage()).isEqualTo("strategy " + id + " does not exist");
            failure(ErrorCode.STRATEGY_NOT_FOUND, () -> s.strategies().update(bob, id, new StrategyInput("y", null, null, null, null)));
            failure(ErrorCode.STRATEGY_NOT_FOUND, () -> s.strategies().delete(bob, id));
        }
        assertThat(s.strategies().list(bob, PageRequest.first(50), true).items()).extracting(StrategyView::id).doesNotContain(created.id());

        // made public: readable and listed for others with include_public, still read-only
        StrategyView shared = s.strategies().update(alice, created.id(), new StrategyInput(null, null, null, null, true));
        assertThat(shared.isPublic()).isTrue();
        assertThat(s.strategies().get(bob, created.id()).owned()).isFalse();
        assertThat(s.strategies().list(bob, PageRequest.first(50), true).items()).extracting(StrategyView::id).contains(created.id());
        assertThat(s.strategies().list(bob, PageRequest.first(50), false).items()).extracting(StrategyView::id).doesNotContain(created.id());
        failure(ErrorCode.STRATEGY_NOT_FOUND, () -> s.strategies().update(bob, created.id(), new StrategyInput("z", null, null, null, null)));
        failure(ErrorCode.STRATEGY_NOT_FOUND, () -> s.strategies().delete(bob, created.id()));

        // changing the type re-fills defaults
        StrategyView macd = s.strategies().update(alice, created.id(), new StrategyInput(null, null, "macd_cross", null, null));
        assertThat(macd.parameters()).isEqualTo(Map.of("fast", 12, "slow", 26, "signal", 9, "direction", "long_short"));

        // soft delete: gone from gets and lists, name free again
        s.strategies().delete(alice, created.id());
        failure(ErrorCode.STRATEGY_NOT_FOUND, () -> s.strategies().get(alice, created.id()));
        assertThat(s.strategies().list(alice, PageRequest.first(50), true).items()).extracting(StrategyView::id).doesNotContain(created.id());
        assertThat(s.strategies().create(alice, new StrategyInput("Cross", null, "buy_and_hold", null, null)).name()).isEqualTo("Cross");
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void listsArePagedSortedAndCounted(DatabaseKind kind) {
        Services s = on(kind);
        UUID u = s.newUser();
        for (String n : List.of("c", "a", "e", "b", "d")) {
            s.strategies().create(u, new StrategyInput(n, null, "buy_and_hold", null, null));
        }
        Page<StrategyView> first = s.strategies().list(u, PageRequest.parse("2", null, null, "name"), false);
        assertThat(first.total()).isEqualTo(5);
        assertThat(first.items()).extracting(StrategyView::name).containsExactly("a", "b");
        Page<StrategyView> second = s.strategies().list(u, PageRequest.parse("2", null, first.nextCursor(), "name"), false);
        assertThat(second.items()).extracting(StrategyView::name).containsExactly("c", "d");
        Page<StrategyView> last = s.strategies().list(u, PageRequest.parse("2", "4", null, "name"), false);
        assertThat(last.items()).extracting(StrategyView::name).containsExactly("e");
        assertThat(last.nextCursor()).isNull();
        assertThat(s.strategies().list(u, PageRequest.parse(null, null, null, "-created_at"), false).items())
                .extracting(StrategyView::name).containsExactly("d", "b", "e", "a", "c");
        assertThat(fields(failure(ErrorCode.VALIDATION_FAILED, () -> PageRequest.parse("201", null, "zz", "size"))))
                .containsExactly("limit", "cursor", "sort");
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void backtestsFollowTheirRulesAndStayPrivate(DatabaseKind kind) {
        Services s = on(kind);
        UUID alice = s.newUser();
        UUID bob = s.newUser();
        StrategyView strategy = s.strategies().create(alice, new StrategyInput("Alice cross", null, "sma_cross", null, null));
        BacktestView b = s.backtests().create(alice, backtest("run 1", "Alice cross", "10000"));
        assertThat(b.status()).isEqualTo("draft");
        assertThat(b.strategyId()).isEqualTo(strategy.id());
        assertThat(b.strategyName()).isEqualTo("Alice cross");
        assertThat(b.cash()).isEqualByComparingTo("10000");
        assertThat(b.metrics().totalTrades()).isZero();
        assertThat(s.backtests().create(alice, backtest("by id", strategy.id().toString(), "5")).strategyId()).isEqualTo(strategy.id());

        BacktestException invalid = failure(ErrorCode.VALIDATION_FAILED, () -> s.backtests().create(alice, new BacktestInput(null, "nope",
                "btc/..", "2h", LocalDate.of(2024, 2, 1), LocalDate.of(2024, 1, 1), new BigDecimal("-1"), new BigDecimal("0.1"), null)));
        assertThat(fields(invalid)).containsExactlyInAnyOrder("name", "symbol", "timeframe", "end_date", "initial_capital", "commission",
                "strategy");
        assertThat(fields(failure(ErrorCode.VALIDATION_FAILED, () -> s.backtests().create(alice,
                backtest("big", null, "1000000000001"))))).containsExactly("initial_capital");
        assertThat(fields(failure(ErrorCode.VALIDATION_FAILED, () -> s.backtests().create(alice, new BacktestInput("p", "Alice cross",
                "BTC", "1h", LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 2), BigDecimal.TEN, null, Map.of("slow", 20000))))))
                .containsExactly("parameters.slow");
        // bob cannot reference alice's private strategy, by id or by name
        assertThat(fields(failure(ErrorCode.VALIDATION_FAILED, () -> s.backtests().create(bob, backtest("x", "Alice cross", "10")))))
                .containsExactly("strategy");
        assertThat(fields(failure(ErrorCode.VALIDATION_FAILED, () -> s.backtests().create(bob,
                backtest("x", strategy.id().toString(), "10"))))).containsExactly("strategy");

        for (UUID id : List.of(b.id(), UUID.randomUUID())) {
            BacktestException e = failure(ErrorCode.BACKTEST_NOT_FOUND, () -> s.backtests().get(bob, id));
            assertThat(e.getMessage()).isEqualTo("backtest " + id + " does not exist");
            failure(ErrorCode.BACKTEST_NOT_FOUND, () -> s.backtests().update(bob, id, backtest("x", null, "1")));
            failure(ErrorCode.BACKTEST_NOT_FOUND, () -> s.backtests().delete(bob, id));
            failure(ErrorCode.BACKTEST_NOT_FOUND, () -> s.trades().record(bob, trade(id, "buy", "1", "1", 0)));
            failure(ErrorCode.BACKTEST_NOT_FOUND, () -> s.trades().list(bob, id, PageRequest.first(10)));
        }
        assertThat(s.backtests().list(bob, PageRequest.first(50)).total()).isZero();
        assertThat(s.users().get(alice).backtestCount()).isEqualTo(2);
        assertThat(s.users().get(alice).strategyCount()).isEqualTo(1);

        BacktestView renamed = s.backtests().update(alice, b.id(), new BacktestInput("run 1b", null, null, "1d", null, null,
                new BigDecimal("20000"), null, null));
        assertThat(renamed.name()).isEqualTo("run 1b");
        assertThat(renamed.timeframe()).isEqualTo("1d");
        assertThat(renamed.cash()).isEqualByComparingTo("20000");

        for (BacktestStatus busy : List.of(BacktestStatus.QUEUED, BacktestStatus.RUNNING)) {
            setStatus(s.db(), b.id(), busy);
            BacktestException e = failure(ErrorCode.BACKTEST_INVALID_STATE, () -> s.backtests().update(alice, b.id(),
                    new BacktestInput("no", null, null, null, null, null, null, null, null)));
            assertThat(e.details()).containsEntry("backtest_status", busy.wire());
            failure(ErrorCode.BACKTEST_INVALID_STATE, () -> s.backtests().delete(alice, b.id()));
            failure(ErrorCode.BACKTEST_INVALID_STATE, () -> s.trades().record(alice, trade(b.id(), "buy", "1", "1", 0)));
        }
        setStatus(s.db(), b.id(), BacktestStatus.COMPLETED);
        s.backtests().delete(alice, b.id());
        failure(ErrorCode.BACKTEST_NOT_FOUND, () -> s.backtests().get(alice, b.id()));
        assertThat(s.backtests().list(alice, PageRequest.first(50)).items()).extracting(BacktestView::id).doesNotContain(b.id());
        assertThat(s.users().get(alice).backtestCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void hostileAmountsAndRangesAreRefusedQuicklyAndNothingIsStored(DatabaseKind kind) {
        Services s = on(kind);
        UUID u = s.newUser();
        long started = System.nanoTime();
        // as plain text 1e999999999 is a billion digits: quoting it in a message ran the server out of memory
        BacktestException amounts = failure(ErrorCode.VALIDATION_FAILED, () -> s.backtests().create(u, new BacktestInput("huge", null,
                "BTC", "1d", LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31), new BigDecimal("1e999999999"),
                new BigDecimal("1e-999999999"), null)));
        assertThat(fields(amounts)).containsExactlyInAnyOrder("initial_capital", "commission");
        assertThat(amounts.getMessage()).hasSizeLessThan(400).contains("1E+999999999").contains("1E-999999999");

        BacktestView b = s.backtests().create(u, new BacktestInput("long daily", null, "BTC", "1d", LocalDate.of(1970, 1, 1),
                LocalDate.of(2100, 12, 31), BigDecimal.TEN, null, null));
        BacktestException trade = failure(ErrorCode.VALIDATION_FAILED, () -> s.trades().record(u, new TradeInput(b.id(), "BTC", "buy",
                new BigDecimal("1e999999999"), new BigDecimal("1e-999999999"), OffsetDateTime.parse("2024-03-01T00:00:00Z"),
                new BigDecimal("-1e999999999"))));
        assertThat(fields(trade)).containsExactlyInAnyOrder("quantity", "price", "commission");
        // the same symbol rule as everywhere else: a path segment of its own is not a symbol
        for (String symbol : List.of("..", ".", "BTC/../x", "X".repeat(5_000))) {
            BacktestException e = failure(ErrorCode.VALIDATION_FAILED, () -> s.trades().record(u, new TradeInput(b.id(), symbol, "buy",
                    BigDecimal.ONE, BigDecimal.ONE, OffsetDateTime.parse("2024-03-01T00:00:00Z"), null)));
            assertThat(fields(e)).containsExactly("symbol");
            assertThat(e.getMessage()).hasSizeLessThan(200);
        }

        // a range a run could never load (CANDLE_MAX_ROWS candles of its timeframe) is refused when it is set
        BacktestException minutes = failure(ErrorCode.VALIDATION_FAILED, () -> s.backtests().create(u, new BacktestInput("minutes", null,
                "BTC", "1m", LocalDate.of(1970, 1, 1), LocalDate.of(2100, 12, 31), BigDecimal.TEN, null, null)));
        assertThat(fields(minutes)).containsExactly("end_date");
        assertThat(minutes.getMessage()).contains("CANDLE_MAX_ROWS");
        assertThat(fields(failure(ErrorCode.VALIDATION_FAILED, () -> s.backtests().update(u, b.id(), new BacktestInput(null, null, null,
                "1m", null, null, null, null, null))))).containsExactly("end_date");
        assertThat(System.nanoTime() - started).isLessThan(java.time.Duration.ofSeconds(10).toNanos());

        assertThat(s.backtests().get(u, b.id()).timeframe()).isEqualTo("1d");
        assertThat(s.backtests().list(u, PageRequest.first(50)).total()).isEqualTo(1);
        assertThat(s.trades().list(u, b.id(), PageRequest.first(50)).total()).isZero();
    }

    private static void setStatus(Database db, UUID id, BacktestStatus status) {
        db.inTransaction(em -> {
            Backtest b = em.find(Backtest.class, id);
            switch (status) {   // through the aggregate's own transitions
                case QUEUED -> b.queue();
                case RUNNING -> b.start();
                case COMPLETED -> b.complete(b.getFinalCapital().orElse(null), b.getTotalReturnPct(), b.getSharpeRatio(),
                        b.getMaxDrawdownPct(), b.getWinRatePct(), b.getTotalTrades());
                default -> throw new IllegalArgumentException(status.wire());
            }
            return null;
        });
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void tradesMoveCashPositionAndMetrics(DatabaseKind kind) {
        Services s = on(kind);
        UUID u = s.newUser();
        UUID b = s.backtests().create(u, backtest("trading", null, "1000")).id();
        RecordedTrade buy = s.trades().record(u, trade(b, "buy", "2", "100", 0));
        assertThat(buy.backtest().cash()).isEqualByComparingTo("799");
        assertThat(buy.backtest().positionQuantity()).isEqualByComparingTo("2");
        assertThat(buy.backtest().metrics().finalCapital()).isEqualByComparingTo("999");
        assertThat(buy.backtest().metrics().winRatePct()).isNull();
        RecordedTrade sell = s.trades().record(u, trade(b, "sell", "1", "150", 1));
        // average cost 100.5; sells for 150 - 1 commission: a win
        assertThat(sell.backtest().cash()).isEqualByComparingTo("948");
        assertThat(sell.backtest().metrics().finalCapital()).isEqualByComparingTo("1098");
        assertThat(sell.backtest().metrics().totalReturnPct()).isEqualTo(9.8, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(sell.backtest().metrics().winRatePct()).isEqualTo(100.0);
        RecordedTrade loss = s.trades().record(u, trade(b, "sell", "1", "50", 2));
        assertThat(loss.backtest().metrics().winRatePct()).isEqualTo(50.0);
        assertThat(loss.backtest().metrics().totalTrades()).isEqualTo(3);
        assertThat(loss.backtest().positionQuantity()).isEqualByComparingTo("0");

        BacktestException capital = failure(ErrorCode.INSUFFICIENT_CAPITAL, () -> s.trades().record(u, trade(b, "buy", "10", "100", 3)));
        assertThat((BigDecimal) capital.details().get("required")).isEqualByComparingTo("1001");
        assertThat((BigDecimal) capital.details().get("available")).isEqualByComparingTo("997");
        BacktestException position = failure(ErrorCode.INSUFFICIENT_POSITION, () -> s.trades().record(u, trade(b, "sell", "1", "10", 4)));
        assertThat((BigDecimal) position.details().get("available")).isEqualByComparingTo("0");
        assertThat(fields(failure(ErrorCode.VALIDATION_FAILED, () -> s.trades().record(u, new TradeInput(b, "ETH", "hold",
                new BigDecimal("0"), new BigDecimal("-1"), null, new BigDecimal("-1")))))).containsExactlyInAnyOrder("side", "quantity",
                "price", "commission", "executed_at");
        failure(ErrorCode.VALIDATION_FAILED, () -> s.trades().record(u, trade(b, "buy", "0.00000000001", "1", 5)));
        assertThat(fields(failure(ErrorCode.VALIDATION_FAILED, () -> s.trades().record(u, new TradeInput(b, "ETH", "buy",
                BigDecimal.ONE, BigDecimal.ONE, OffsetDateTime.now(), null))))).containsExactly("symbol");

        Page<TradeView> trades = s.trades().list(u, b, PageRequest.parse(null, null, null, "created_at"));
        assertThat(trades.total()).isEqualTo(3);
        assertThat(trades.items()).extracting(TradeView::side).containsExactly("buy", "sell", "sell");
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void fiftyConcurrentTradesEqualASerialReplay(DatabaseKind kind) throws Exception {
        Services s = on(kind);
        UUID u = s.newUser();
        List<TradeInput> plan = new ArrayList<>();
        UUID placeholder = UUID.randomUUID();
        for (int i = 0; i < 50; i++) {
            // 30 buys then 20 sells in time order; every sell is covered by earlier buys in any commit order
            plan.add(i < 30 ? trade(placeholder, "buy", "0.3", Integer.toString(100 + i), i)
                    : trade(placeholder, "sell", "0.2", Integer.toString(90 + 2 * i), i));
        }
        UUID concurrent = s.backtests().create(u, backtest("concurrent", null, "100000")).id();
        UUID serial = s.backtests().create(u, backtest("serial", null, "100000")).id();
        for (TradeInput t : plan) {
            s.trades().record(u, withBacktest(t, serial));
        }
        List<TradeInput> buysFirst = new ArrayList<>(plan.subList(0, 30));
        Collections.shuffle(buysFirst);
        List<TradeInput> sells = new ArrayList<>(plan.subList(30, 50));
        Collections.shuffle(sells);
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            runAll(pool, buysFirst, s, u, concurrent);
            runAll(pool, sells, s, u, concurrent);
        } finally {
            pool.shutdownNow();
        }
        BacktestView a = s.backtests().get(u, concurrent);
        BacktestView e = s.backtests().get(u, serial);
        assertThat(a.metrics().totalTrades()).isEqualTo(50);
        assertThat(a.cash()).isEqualTo(e.cash());
        assertThat(a.positionQuantity()).isEqualTo(e.positionQuantity());
        assertThat(a.metrics()).isEqualTo(e.metrics());
        assertThat(s.trades().list(u, concurrent, PageRequest.first(200)).total()).isEqualTo(50);
    }

    private static TradeInput withBacktest(TradeInput t, UUID backtest) {
        return new TradeInput(backtest, t.symbol(), t.side(), t.quantity(), t.price(), t.executedAt(), t.commission());
    }

    private static void runAll(ExecutorService pool, List<TradeInput> trades, Services s, UUID user, UUID backtest) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<RecordedTrade>> futures = new ArrayList<>();
        for (TradeInput t : trades) {
            Callable<RecordedTrade> call = () -> {
                go.await();
                return s.trades().record(user, withBacktest(t, backtest));
            };
            futures.add(pool.submit(call));
        }
        go.countDown();
        for (Future<RecordedTrade> f : futures) {
            f.get(120, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aWriterThatLosesAnOptimisticLockRaceGetsConcurrentModificationAndWritesNothing(DatabaseKind kind) throws Exception {
        Services s = on(kind);
        UUID u = s.newUser();
        UUID id = s.backtests().create(u, backtest("raced", null, "1000")).id();
        CountDownLatch read = new CountDownLatch(1);
        CountDownLatch overtaken = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Object> slow = pool.submit(() -> s.db().inTransaction(em -> {
                Backtest b = em.find(Backtest.class, id);
                read.countDown();
                try {
                    overtaken.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                b.setName("slow writer");
                return null;
            }));
            assertThat(read.await(10, TimeUnit.SECONDS)).isTrue();
            s.db().inTransaction(em -> {
                em.find(Backtest.class, id).setName("fast writer");
                return null;
            });
            overtaken.countDown();
            Throwable thrown = catchThrowableOfType(java.util.concurrent.ExecutionException.class, () -> slow.get(20, TimeUnit.SECONDS))
                    .getCause();
            assertThat(thrown).isInstanceOf(BacktestException.class);
            assertThat(((BacktestException) thrown).code()).isEqualTo(ErrorCode.CONCURRENT_MODIFICATION);
            assertThat(((BacktestException) thrown).retryable()).isTrue();
        } finally {
            pool.shutdownNow();
        }
        assertThat(s.backtests().get(u, id).name()).isEqualTo("fast writer");
    }
}
