package dev.backtest.sdk.audit;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;
import dev.backtest.error.FieldError;
import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.audit.internal.Auditor;
import dev.backtest.sdk.audit.internal.JpaAuditService;
import dev.backtest.sdk.backtest.BacktestInput;
import dev.backtest.sdk.config.ConfigKey;
import dev.backtest.sdk.config.DatabaseKind;
import dev.backtest.sdk.optimization.OptimizeRequest;
import dev.backtest.sdk.page.Page;
import dev.backtest.sdk.page.PageRequest;
import dev.backtest.sdk.persistence.internal.Database;
import dev.backtest.sdk.persistence.internal.Retention;
import dev.backtest.sdk.strategy.StrategyInput;
import dev.backtest.sdk.testing.QueueOnlyClients;
import dev.backtest.sdk.testing.Await;
import dev.backtest.sdk.testing.Internals;
import dev.backtest.sdk.trade.TradeInput;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The audit trail through {@link BacktestClient}, on PostgreSQL and on H2: one event per write with its action,
 * resource, user, actor and changed fields; none for a write that failed or rolled back, also when a lost race runs
 * the work again; concurrent writers; lists per user and for admins; acting clients; the retention purge.
 * Each test works with users of its own, so tests share one client per database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditTrailIT {

    private static final LocalDate FIRST = LocalDate.of(2023, 1, 1);
    private static final LocalDate LAST = LocalDate.of(2023, 12, 31);

    @RegisterExtension
    static final QueueOnlyClients clients = new QueueOnlyClients();

    private static UUID strategy(BacktestClient c, UUID user, String name) {
        return c.strategies().create(user, new StrategyInput(name, null, "sma_cross", Map.of("fast", 5, "slow", 20), false)).id();
    }

    private static BacktestInput backtest(String name, String strategy, String capital) {
        return new BacktestInput(name, strategy, "BTC", "1d", FIRST, LAST, new BigDecimal(capital), new BigDecimal("0.001"), null);
    }

    private static TradeInput buy(UUID backtest, String quantity, String price, int minute) {
        return new TradeInput(backtest, "BTC", "buy", new BigDecimal(quantity), new BigDecimal(price),
                OffsetDateTime.of(2023, 3, 1, 0, 0, 0, 0, ZoneOffset.UTC).plusMinutes(minute), null);
    }

    private static OptimizeRequest sweep() {
        return new OptimizeRequest(Map.of("fast", List.of(5, 10), "slow", List.of(30, 40)), "fast < slow", "sharpe_ratio", 2);
    }

    /** Every event of the user, oldest first. */
    private static List<AuditEvent> events(BacktestClient c, UUID user) {
        return c.audit().list(user, AuditFilter.all(), new PageRequest(200, 0, PageRequest.Sort.CREATED_AT)).items();
    }

    private static long rows(BacktestClient c, String sql, Object... args) {
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

    private static BacktestException failure(ErrorCode code, ThrowingCallable call) {
        BacktestException e = catchThrowableOfType(BacktestException.class, call);
        assertThat(e).as("expected " + code).isNotNull();
        assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
        return e;
    }

    @SuppressWarnings("unchecked")
    private static List<String> fields(BacktestException e) {
        return ((List<FieldError>) e.details().get("errors")).stream().map(FieldError::field).toList();
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void everyWriteRecordsExactlyOneEventWithItsResourceUserAndChangedFields(DatabaseKind kind) {
        BacktestClient c = clients.get(kind);
        UUID me = QueueOnlyClients.newUser(c);
        long written = c.audit().eventsWritten();

        UUID s = c.strategies().create(me, new StrategyInput("cross " + me, null, "sma_cross", Map.of("fast", 5, "slow", 20), false)).id();
        UUID b = c.backtests().create(me, backtest("bt", s.toString(), "100000")).id();
        UUID t = c.trades().record(me, buy(b, "1", "100", 0)).trade().id();
        UUID run = c.runs().start(me, b).id();
        assertThat(c.runs().cancel(me, b).status()).isEqualTo("cancelled");
        UUID sweep = c.optimizations().start(me, b, sweep()).id();
        assertThat(c.optimizations().cancel(me, b, sweep).status()).isEqualTo("cancelled");
        // the same commission at another scale is no change; the name is
        c.backtests().update(me, b, new BacktestInput("renamed", null, null, null, null, null, null, new BigDecimal("0.0010"), null));
        c.backtests().update(me, b, new BacktestInput(null, null, null, null, null, null, null, null, Map.of("fast", 7)));
        // the same type and parameters again are no change either
        c.strategies().update(me, s, new StrategyInput("renamed " + me, "two averages", "sma_cross", Map.of("fast", 5, "slow", 20), false));
        // reads record nothing
        c.strategies().get(me, s);
        c.strategies().list(me, PageRequest.first(10), true);
        c.backtests().get(me, b);
        c.trades().list(me, b, PageRequest.first(10));
        c.runs().get(me, b);
        c.optimizations().get(me, b, sweep);
        c.backtests().delete(me, b);
        c.strategies().delete(me, s);

        List<AuditEvent> events = events(c, me);
        assertThat(events).extracting(AuditEvent::action, AuditEvent::resourceType, AuditEvent::resourceId, AuditEvent::changedFields)
                .containsExactly(
                        tuple("strategy.create", "strategy", s.toString(), List.of("name", "type", "parameters", "is_public")),
                        tuple("backtest.create", "backtest", b.toString(), List.of("name", "strategy", "symbol", "timeframe", "start_date",
                                "end_date", "initial_capital", "commission")),
                        tuple("trade.create", "trade", t.toString(), List.of("backtest_id", "symbol", "side", "quantity", "price",
                                "executed_at")),
                        tuple("run.start", "run", run.toString(), List.of()),
                        tuple("run.cancel", "run", run.toString(), List.of()),
                        tuple("optimization.start", "optimization", sweep.toString(), List.of()),
                        tuple("optimization.cancel", "optimization", sweep.toString(), List.of()),
                        tuple("backtest.update", "backtest", b.toString(), List.of("name")),
                        tuple("backtest.update", "backtest", b.toString(), List.of("parameters")),
                        tuple("strategy.update", "strategy", s.toString(), List.of("name", "description")),
                        tuple("backtest.delete", "backtest", b.toString(), List.of()),
                        tuple("strategy.delete", "strategy", s.toString(), List.of()));
        assertThat(events).allSatisfy(e -> {
            assertThat(e.userId()).isEqualTo(me);
            assertThat(e.actorKind()).isEqualTo(ActorKind.USER);
            assertThat(e.requestId()).isNull();
            assertThat(e.time()).isBeforeOrEqualTo(Instant.now()).isAfter(Instant.now().minus(Duration.ofMinutes(5)));
        });
        assertThat(events).extracting(AuditEvent::id).doesNotHaveDuplicates();
        assertThat(AuditService.ACTIONS).containsAll(events.stream().map(AuditEvent::action).toList());
        assertThat(rows(c, "SELECT COUNT(*) FROM audit_events WHERE user_id = ?", me)).isEqualTo(12);
        assertThat(rows(c, "SELECT COUNT(*) FROM audit_events WHERE resource_id = ? AND changed_fields = 'name,description'",
                s.toString())).isEqualTo(1);
        assertThat(c.audit().eventsWritten() - written).isEqualTo(12);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aWriteThatFailsValidationOrRollsBackRecordsNothing(DatabaseKind kind) throws Exception {
        BacktestClient c = clients.get(kind);
        UUID me = QueueOnlyClients.newUser(c);
        long written = c.audit().eventsWritten();
        UUID s = strategy(c, me, "taken");
        UUID b = c.backtests().create(me, backtest("small", "taken", "1000")).id();
        UUID noStrategy = c.backtests().create(me, backtest("no strategy", null, "1000")).id();

        failure(ErrorCode.DUPLICATE_NAME, () -> strategy(c, me, "taken"));
        failure(ErrorCode.VALIDATION_FAILED, () -> c.strategies().create(me, new StrategyInput("no type", null, null, null, null)));
        failure(ErrorCode.STRATEGY_NOT_FOUND, () -> c.strategies().update(me, UUID.randomUUID(), new StrategyInput("x", null, null, null, null)));
        failure(ErrorCode.STRATEGY_NOT_FOUND, () -> c.strategies().delete(QueueOnlyClients.newUser(c), s));
        failure(ErrorCode.VALIDATION_FAILED, () -> c.backtests().update(me, b, new BacktestInput(null, null, null, "2h", null, null, null, null, null)));
        failure(ErrorCode.INSUFFICIENT_CAPITAL, () -> c.trades().record(me, buy(b, "1", "5000", 0)));
        failure(ErrorCode.INSUFFICIENT_POSITION, () -> c.trades().record(me,
                new TradeInput(b, "BTC", "sell", BigDecimal.ONE, new BigDecimal("100"), OffsetDateTime.parse("2023-03-01T00:00:00Z"), null)));
        assertThat(fields(failure(ErrorCode.VALIDATION_FAILED, () -> c.runs().start(me, noStrategy)))).containsExactly("strategy");
        failure(ErrorCode.RUN_NOT_FOUND, () -> c.runs().cancel(me, b));
        failure(ErrorCode.OPTIMIZATION_NOT_FOUND, () -> c.optimizations().cancel(me, b, UUID.randomUUID()));
        // an update racing with a conflicting change: it read the row, the other writer committed first
        Future<Object> raced = whileRowLocked(c, kind, "strategies", s,
                () -> c.strategies().update(me, s, new StrategyInput(null, "lost the race", null, null, null)));
        Throwable lost = catchThrowableOfType(ExecutionException.class, () -> raced.get(30, TimeUnit.SECONDS)).getCause();
        assertThat(lost).isInstanceOfSatisfying(BacktestException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.CONCURRENT_MODIFICATION));
        assertThat(c.strategies().get(me, s).description()).isNull();

        assertThat(events(c, me)).extracting(AuditEvent::action, AuditEvent::resourceId).containsExactly(
                tuple("strategy.create", s.toString()), tuple("backtest.create", b.toString()),
                tuple("backtest.create", noStrategy.toString()));
        assertThat(c.audit().eventsWritten() - written).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aTradeWhoseFirstAttemptLostARaceHasOneEvent(DatabaseKind kind) throws Exception {
        BacktestClient c = clients.get(kind);
        UUID me = QueueOnlyClients.newUser(c);
        UUID b = c.backtests().create(me, backtest("raced trade", null, "100000")).id();
        long written = c.audit().eventsWritten();

        // the trade and its event are written, then the backtest's update waits for the other writer and finds its
        // version changed: that attempt rolls back, the retry writes both again
        Future<Object> recorded = whileRowLocked(c, kind, "backtests", b, () -> c.trades().record(me, buy(b, "1", "100", 0)));
        UUID trade = ((dev.backtest.sdk.trade.RecordedTrade) recorded.get(30, TimeUnit.SECONDS)).trade().id();

        assertThat(rows(c, "SELECT COUNT(*) FROM trades WHERE backtest_id = ?", b)).isEqualTo(1);
        assertThat(events(c, me)).filteredOn(e -> e.action().equals("trade.create")).singleElement()
                .satisfies(e -> assertThat(e.resourceId()).isEqualTo(trade.toString()));
        assertThat(rows(c, "SELECT COUNT(*) FROM audit_events WHERE action = 'trade.create' AND user_id = ?", me)).isEqualTo(1);
        assertThat(c.audit().eventsWritten() - written).isEqualTo(1);
        assertThat(c.backtests().get(me, b).metrics().totalTrades()).isEqualTo(1);
    }

    /**
     * Runs {@code write} on another thread while this thread holds an uncommitted change of the row (its version
     * bumped); once the write waits for that row lock, commits, so the write finds its version stale.
     */
    private static <T> Future<Object> whileRowLocked(BacktestClient c, DatabaseKind kind, String table, UUID id, Callable<T> write)
            throws Exception {
        Database db = Internals.database(c);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection lock = db.dataSource().getConnection()) {
            lock.setAutoCommit(false);
            try (PreparedStatement ps = lock.prepareStatement("UPDATE " + table + " SET version = version + 1 WHERE id = ?")) {
                ps.setObject(1, id);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            Object session = scalar(lock, kind == DatabaseKind.POSTGRESQL ? "SELECT pg_backend_pid()" : "SELECT SESSION_ID()");
            Future<Object> done = pool.submit(write::call);
            String waiting = kind == DatabaseKind.POSTGRESQL
                    ? "SELECT COUNT(*) FROM pg_stat_activity WHERE CAST(? AS INTEGER) = ANY(pg_blocking_pids(pid))"
                    : "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID = ?";
            Await.await(() -> done.isDone() || waitingFor(db, waiting, session), Duration.ofSeconds(20));
            assertThat(done.isDone()).as("the write waited for the locked row").isFalse();
            lock.commit();
            return done;
        } finally {
            pool.shutdown();
        }
    }

    private static boolean waitingFor(Database db, String sql, Object session) {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, session);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object scalar(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getObject(1);
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aChangeWhoseEventCannotBeWrittenIsNotMadeEither(DatabaseKind kind) throws Exception {
        String url = clients.freshUrl(kind);
        try (BacktestClient c = clients.client(url, Map.of())) {
            UUID me = QueueOnlyClients.newUser(c);
            try (Connection con = Internals.database(c).dataSource().getConnection(); Statement st = con.createStatement()) {
                st.execute("ALTER TABLE audit_events ADD CONSTRAINT audit_events_no_strategies CHECK (resource_type <> 'strategy')");
            }
            assertThat(catchThrowableOfType(RuntimeException.class, () -> strategy(c, me, "never stored"))).isNotNull();
            assertThat(rows(c, "SELECT COUNT(*) FROM strategies WHERE user_id = ?", me)).isZero();
            assertThat(c.audit().eventsWritten()).isZero();
            UUID b = c.backtests().create(me, backtest("stored", null, "1000")).id();
            assertThat(events(c, me)).extracting(AuditEvent::resourceId).containsExactly(b.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void fiftyConcurrentWritesRecordFiftyEvents(DatabaseKind kind) throws Exception {
        BacktestClient c = clients.get(kind);
        UUID me = QueueOnlyClients.newUser(c);
        List<UUID> backtests = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            backtests.add(c.backtests().create(me, backtest("busy " + i, null, "1000000")).id());
        }
        long written = c.audit().eventsWritten();

        // ten writers on each backtest race on its version: the losers roll back (their trade and event with them) and retry
        List<UUID> trades = concurrently(50, i -> c.trades().record(me, buy(backtests.get(i % 5), "0.5", Integer.toString(100 + i), i))
                .trade().id());
        List<UUID> strategies = concurrently(50, i -> strategy(c, me, "concurrent " + i));

        Map<String, List<String>> byAction = events(c, me).stream()
                .collect(Collectors.groupingBy(AuditEvent::action, Collectors.mapping(AuditEvent::resourceId, Collectors.toList())));
        assertThat(byAction.get("trade.create")).hasSize(50).containsExactlyInAnyOrderElementsOf(trades.stream().map(UUID::toString).toList());
        assertThat(byAction.get("strategy.create")).hasSize(50)
                .containsExactlyInAnyOrderElementsOf(strategies.stream().map(UUID::toString).toList());
        for (UUID b : backtests) {
            assertThat(rows(c, "SELECT COUNT(*) FROM trades WHERE backtest_id = ?", b)).isEqualTo(10);
        }
        assertThat(c.audit().eventsWritten() - written).isEqualTo(100);
    }

    /** Runs {@code n} writes at once, one thread each, and returns their results in order. */
    private static List<UUID> concurrently(int n, java.util.function.IntFunction<UUID> write) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<UUID>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    go.await();
                    return write.apply(index);
                }));
            }
            go.countDown();
            List<UUID> ids = new ArrayList<>();
            for (Future<UUID> f : futures) {
                ids.add(f.get(120, TimeUnit.SECONDS));
            }
            return ids;
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aUserListsOnlyTheirOwnEventsFilteredAndPagedNewestFirstAndAdminsListAll(DatabaseKind kind) {
        BacktestClient c = clients.get(kind);
        Instant start = Instant.now().minusSeconds(1);
        UUID alice = QueueOnlyClients.newUser(c);
        UUID bob = QueueOnlyClients.newUser(c);
        UUID s1 = strategy(c, alice, "one");
        UUID s2 = strategy(c, alice, "two");
        UUID s3 = strategy(c, alice, "three");
        UUID b = c.backtests().create(alice, backtest("alice's", null, "1000")).id();
        UUID bobs = strategy(c, bob, "bob's");

        Page<AuditEvent> first = c.audit().list(alice, AuditFilter.all(), PageRequest.first(2));
        assertThat(first.total()).isEqualTo(4);
        assertThat(first.items()).extracting(AuditEvent::resourceId).containsExactly(b.toString(), s3.toString());
        assertThat(first.nextCursor()).isNotNull();
        Page<AuditEvent> second = c.audit().list(alice, AuditFilter.all(), PageRequest.parse("2", null, first.nextCursor(), "-created_at"));
        assertThat(second.items()).extracting(AuditEvent::resourceId).containsExactly(s2.toString(), s1.toString());
        assertThat(second.nextCursor()).isNull();
        assertThat(c.audit().list(alice, AuditFilter.all(), PageRequest.parse(null, null, null, "created_at")).items())
                .extracting(AuditEvent::resourceId).containsExactly(s1.toString(), s2.toString(), s3.toString(), b.toString());

        assertThat(c.audit().list(alice, AuditFilter.parse("strategy", null, null), PageRequest.first(50)).items())
                .extracting(AuditEvent::resourceId).containsExactly(s3.toString(), s2.toString(), s1.toString());
        assertThat(c.audit().list(alice, AuditFilter.parse("trade", null, null), PageRequest.first(50)).total()).isZero();
        List<AuditEvent> oldestFirst = events(c, alice);
        Instant t2 = oldestFirst.get(1).time();
        Instant t3 = oldestFirst.get(2).time();
        assertThat(c.audit().list(alice, new AuditFilter(null, t2, null), PageRequest.first(50)).items())
                .extracting(AuditEvent::resourceId).containsExactly(b.toString(), s3.toString(), s2.toString());
        assertThat(c.audit().list(alice, AuditFilter.parse("strategy", t2.toString(), t3.toString()), PageRequest.first(50)).items())
                .extracting(AuditEvent::resourceId).containsExactly(s2.toString());
        assertThat(c.audit().list(alice, new AuditFilter(null, null, t2), PageRequest.first(50)).items())
                .extracting(AuditEvent::resourceId).containsExactly(s1.toString());

        assertThat(c.audit().list(bob, AuditFilter.all(), PageRequest.first(50)).items()).singleElement()
                .satisfies(e -> assertThat(e.resourceId()).isEqualTo(bobs.toString()));
        assertThat(c.audit().list(UUID.randomUUID(), AuditFilter.all(), PageRequest.first(50)).total()).isZero();
        assertThat(fields(failure(ErrorCode.VALIDATION_FAILED,
                () -> c.audit().list(alice, AuditFilter.all(), PageRequest.parse(null, null, null, "name"))))).containsExactly("sort");
        assertThat(fields(failure(ErrorCode.VALIDATION_FAILED,
                () -> c.audit().listAll(AuditFilter.all(), new PageRequest(10, 0, PageRequest.Sort.NAME))))).containsExactly("sort");

        Page<AuditEvent> everyone = c.audit().listAll(new AuditFilter(null, start, null), PageRequest.first(200));
        assertThat(everyone.items()).extracting(AuditEvent::resourceId)
                .contains(s1.toString(), s2.toString(), s3.toString(), b.toString(), bobs.toString());
        assertThat(everyone.items()).extracting(AuditEvent::userId).contains(alice, bob);
        assertThat(everyone.items()).isSortedAccordingTo((x, y) -> y.time().compareTo(x.time()));
        assertThat(c.audit().listAll(new AuditFilter("backtest", start, null), PageRequest.first(200)).items())
                .allSatisfy(e -> assertThat(e.resourceType()).isEqualTo("backtest")).extracting(AuditEvent::resourceId).contains(b.toString());
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void anActingClientRecordsItsKindAndRequestIdAgainstTheOwner(DatabaseKind kind) {
        BacktestClient c = clients.get(kind);
        UUID owner = QueueOnlyClients.newUser(c);
        UUID admin = QueueOnlyClients.newUser(c);
        UUID s = strategy(c, owner, "owned");

        var asAdmin = c.as(Actor.admin(admin, "req-admin-1"));
        assertThat(asAdmin.actor().kind()).isEqualTo(ActorKind.ADMIN);
        asAdmin.strategies().update(owner, s, new StrategyInput(null, "checked by an admin", null, null, true));
        var asToken = c.as(Actor.adminToken("req-token-7"));
        UUID b = asToken.backtests().create(owner, backtest("by the token", s.toString(), "100000")).id();
        UUID t = asToken.trades().record(owner, buy(b, "1", "100", 0)).trade().id();
        UUID run = asToken.runs().start(owner, b).id();
        asAdmin.runs().cancel(owner, b);
        UUID sweep = asToken.optimizations().start(owner, b, sweep()).id();
        asAdmin.optimizations().cancel(owner, b, sweep);
        asAdmin.backtests().delete(owner, b);
        // the plain services still act as the user, after acting clients were made
        c.strategies().update(owner, s, new StrategyInput("mine again", null, null, null, null));

        assertThat(events(c, owner)).extracting(AuditEvent::action, AuditEvent::resourceId, AuditEvent::actorKind, AuditEvent::requestId,
                AuditEvent::userId).containsExactly(
                tuple("strategy.create", s.toString(), ActorKind.USER, null, owner),
                tuple("strategy.update", s.toString(), ActorKind.ADMIN, "req-admin-1", owner),
                tuple("backtest.create", b.toString(), ActorKind.ADMIN_TOKEN, "req-token-7", owner),
                tuple("trade.create", t.toString(), ActorKind.ADMIN_TOKEN, "req-token-7", owner),
                tuple("run.start", run.toString(), ActorKind.ADMIN_TOKEN, "req-token-7", owner),
                tuple("run.cancel", run.toString(), ActorKind.ADMIN, "req-admin-1", owner),
                tuple("optimization.start", sweep.toString(), ActorKind.ADMIN_TOKEN, "req-token-7", owner),
                tuple("optimization.cancel", sweep.toString(), ActorKind.ADMIN, "req-admin-1", owner),
                tuple("backtest.delete", b.toString(), ActorKind.ADMIN, "req-admin-1", owner),
                tuple("strategy.update", s.toString(), ActorKind.USER, null, owner));
        assertThat(events(c, owner).get(1).changedFields()).containsExactly("description", "is_public");
        assertThat(events(c, admin)).as("the admin's own trail holds what was done to their resources only").isEmpty();
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void standaloneEventsAreRecordedForTheActorAndCheckedForNamesOnly(DatabaseKind kind) {
        BacktestClient c = clients.get(kind);
        Instant start = Instant.now().minusSeconds(1);
        UUID user = QueueOnlyClients.newUser(c);
        long written = c.audit().eventsWritten();
        String clear = "req-" + UUID.randomUUID();
        c.audit().record(Actor.adminToken(clear), "admin.cache.clear", "cache", "candles", null);
        c.audit().record(Actor.user(user).withRequestId("req-403"), "admin.forbidden", "admin_route", "/api/v1/admin/cache", List.of());

        assertThat(c.audit().listAll(new AuditFilter("cache", start, null), PageRequest.first(200)).items())
                .filteredOn(e -> clear.equals(e.requestId())).singleElement().satisfies(e -> {
                    assertThat(e.userId()).isNull();
                    assertThat(e.actorKind()).isEqualTo(ActorKind.ADMIN_TOKEN);
                    assertThat(e.action()).isEqualTo("admin.cache.clear");
                    assertThat(e.resourceId()).isEqualTo("candles");
                });
        assertThat(events(c, user)).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("admin.forbidden");
            assertThat(e.resourceType()).isEqualTo("admin_route");
            assertThat(e.resourceId()).isEqualTo("/api/v1/admin/cache");
            assertThat(e.actorKind()).isEqualTo(ActorKind.USER);
            assertThat(e.requestId()).isEqualTo("req-403");
        });
        assertThat(c.audit().eventsWritten() - written).isEqualTo(2);

        BacktestException bad = failure(ErrorCode.VALIDATION_FAILED, () -> c.audit().record(Actor.user(user), "Cleared Cache", "users",
                "x".repeat(65), List.of("name", "token=s3cr3t-value")));
        assertThat(fields(bad)).containsExactly("action", "resource_type", "resource_id", "changed_fields");
        assertThat(bad.getMessage()).doesNotContain("s3cr3t");
        assertThat(events(c, user)).hasSize(1);
        assertThat(c.audit().eventsWritten() - written).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void purgeDeletesOnlyEventsOlderThanTheCutoff(DatabaseKind kind) {
        BacktestClient c = clients.get(kind);
        Database db = Internals.database(c);
        UUID user = QueueOnlyClients.newUser(c);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Instant cutoff = now.minus(Duration.ofDays(3));
        for (Instant at : List.of(now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(5)), cutoff, now.minus(Duration.ofDays(1)))) {
            new JpaAuditService(new Auditor(db, Clock.fixed(at, ZoneOffset.UTC))).record(Actor.user(user), "admin.forbidden",
                    "admin_route", "/api/v1/admin/users", List.of());
        }
        assertThat(events(c, user)).hasSize(4);

        assertThat(c.audit().purgeOlderThan(cutoff)).isEqualTo(2);
        assertThat(events(c, user)).extracting(AuditEvent::time).containsExactly(cutoff, now.minus(Duration.ofDays(1)));
        assertThat(c.audit().purgeOlderThan(cutoff)).isZero();
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void aClientPurgesExpiredEventsAtStartOnAThreadItStopsOnClose(DatabaseKind kind) {
        String url = clients.freshUrl(kind);
        UUID user = UUID.randomUUID();
        Instant now = Instant.now();
        // the longest retention: its own purge at start, which may run after the inserts below, deletes nothing
        try (BacktestClient first = clients.client(url, Map.of(ConfigKey.AUDIT_RETENTION_DAYS, "36500"))) {
            Database db = Internals.database(first);
            for (int days : List.of(400, 100)) {
                new JpaAuditService(new Auditor(db, Clock.fixed(now.minus(Duration.ofDays(days)), ZoneOffset.UTC)))
                        .record(Actor.user(user), "admin.forbidden", "admin_route", "/api/v1/admin/" + days, List.of());
            }
            assertThat(events(first, user)).hasSize(2);
        }
        Set<Long> before = Thread.getAllStackTraces().keySet().stream().map(Thread::getId).collect(Collectors.toSet());
        List<Thread> purging;
        try (BacktestClient second = clients.client(url, Map.of(ConfigKey.AUDIT_RETENTION_DAYS, "200"))) {
            Await.await(() -> events(second, user).size() == 1, Duration.ofSeconds(30));
            assertThat(events(second, user)).singleElement().satisfies(e -> assertThat(e.resourceId()).isEqualTo("/api/v1/admin/100"));
            purging = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> !before.contains(t.getId()) && t.getName().equals(Retention.THREAD)).toList();
            assertThat(purging).singleElement().satisfies(t -> assertThat(t.isDaemon()).isTrue());
        }
        Await.await(() -> purging.stream().noneMatch(Thread::isAlive), Duration.ofSeconds(15));
    }
}
