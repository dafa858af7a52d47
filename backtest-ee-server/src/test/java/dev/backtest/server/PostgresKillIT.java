package dev.backtest.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backtest.sdk.testing.Await;
import dev.backtest.sdk.testing.TestDatabases;
import dev.backtest.server.testing.Api;
import dev.backtest.server.testing.Http;
import dev.backtest.server.testing.ServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL connections are killed ({@code pg_terminate_backend}) under the server while it records
 * trades, creates strategies, lists and runs backtests. Every request either succeeds or fails
 * cleanly (a problem document: 503 {@code DATABASE_UNAVAILABLE} with {@code Retry-After}, or one of
 * the ordinary 409/422 answers; never a 500), the pool recovers without a restart, and the database
 * stays consistent: every backtest's cash and metrics equal a serial replay of its trades, every
 * acknowledged write is there exactly once, and no run is left half-written.
 *
 * <p>The server logs in as a role of its own, so the killer terminates only the server's connections
 * (db-scheduler's included), never those of other test classes sharing the PostgreSQL instance.
 */
class PostgresKillIT {

    private static final String ROLE = "bt_kill_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static final String PASSWORD = "kill-test-" + UUID.randomUUID();
    private static final Set<String> CLEAN_FAILURES = Set.of("DATABASE_UNAVAILABLE", "CONCURRENT_MODIFICATION",
            "BACKTEST_INVALID_STATE", "INSUFFICIENT_POSITION");
    private static final int KILLS = 6;

    private static String schemaUrl;
    private static ServerProcess server;

    @BeforeAll
    static void start() throws Exception {
        schemaUrl = TestDatabases.freshPostgresSchema();
        String schema = schemaUrl.substring(schemaUrl.indexOf("currentSchema=") + "currentSchema=".length());
        try (Connection c = DriverManager.getConnection(schemaUrl); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + ROLE + " LOGIN PASSWORD '" + PASSWORD + "'");
            s.execute("ALTER SCHEMA " + schema + " OWNER TO " + ROLE);
        }
        String serverUrl = schemaUrl.replaceAll("([?&])user=[^&]*", "$1user=" + ROLE).replaceAll("&password=[^&]*", "")
                + "&password=" + PASSWORD;
        Path dir = Files.createTempDirectory("backtest-pg-kill-it-");
        server = ServerProcess.start("postgres-kill", dir, Map.of(
                "DATABASE_URL", serverUrl,
                "DB_POOL_MIN", "2",
                "DB_POOL_MAX", "6",
                "BACKTEST_WORKERS", "1",
                "RATE_LIMIT_PER_SECOND", "100000",
                "RATE_LIMIT_BURST", "100000",
                "AUTH_MODE", "development"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (schemaUrl != null) {
            TestDatabases.dropSchema(schemaUrl);
            try (Connection c = DriverManager.getConnection(TestDatabases.postgresBaseUrl()); Statement s = c.createStatement()) {
                s.execute("DROP OWNED BY " + ROLE + " CASCADE");
                s.execute("DROP ROLE IF EXISTS " + ROLE);
            }
        }
    }

    /** One answer the server gave during the traffic. */
    private record Answer(String what, Http.Reply reply) {
    }

    @Test
    void killedConnectionsFailCleanlyOrRetryThePoolRecoversAndNothingIsHalfWritten() throws Exception {
        Api api = new Api(server, UUID.randomUUID(), null); // development mode: every request is the development user
        String strategy = created(api.post("/api/v1/strategies", "{\"name\":\"kill cross\",\"type\":\"sma_cross\","
                + "\"parameters\":{\"fast\":5,\"slow\":20}}"));
        String shared = backtest(api, "kill shared " + UUID.randomUUID(), strategy);
        String single = backtest(api, "kill single " + UUID.randomUUID(), strategy);
        String runs = backtest(api, "kill runs " + UUID.randomUUID(), strategy);

        ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> acknowledgedTrades = new ConcurrentLinkedQueue<>();
        Map<String, java.util.concurrent.atomic.LongAdder> tradesPerBacktest = new java.util.concurrent.ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> acknowledgedStrategies = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(5);
        List<Future<?>> workers = new ArrayList<>();
        // Two writers race on one backtest (optimistic locking), one has a backtest to itself.
        for (String backtest : List.of(shared, shared, single)) {
            workers.add(pool.submit(() -> {
                int n = 0;
                while (!stop.get()) {
                    boolean sell = n++ % 3 == 2;
                    String body = "{\"backtest_id\":\"" + backtest + "\",\"symbol\":\"BTC\",\"side\":\"" + (sell ? "sell" : "buy")
                            + "\",\"quantity\":" + (sell ? "0.01" : "0.02") + ",\"price\":" + (30000 + ThreadLocalRandom.current().nextInt(20000))
                            + ",\"executed_at\":\"" + Instant.parse("2024-01-01T00:00:00Z").plusSeconds(ThreadLocalRandom.current().nextInt(
                            360 * 86400)) + "\"}";
                    Http.Reply r = api.post("/api/v1/trades", body);
                    answers.add(new Answer("POST /trades", r));
                    if (r.status() == 201) {
                        acknowledgedTrades.add(r.json().path("trade").path("id").asText());
                        tradesPerBacktest.computeIfAbsent(backtest, k -> new java.util.concurrent.atomic.LongAdder()).increment();
                    }
                }
            }));
        }
        workers.add(pool.submit(() -> {
            int n = 0;
            while (!stop.get()) {
                Http.Reply r = api.post("/api/v1/strategies", "{\"name\":\"kill " + n++ + " " + UUID.randomUUID()
                        + "\",\"type\":\"ema_cross\",\"parameters\":{\"fast\":3,\"slow\":9}}");
                answers.add(new Answer("POST /strategies", r));
                if (r.status() == 201) {
                    acknowledgedStrategies.add(r.json().path("id").asText());
                }
                for (String path : List.of("/api/v1/strategies?limit=20", "/api/v1/backtests", "/api/v1/trades/backtest/" + shared,
                        "/api/v1/users")) {
                    answers.add(new Answer("GET " + path, api.get(path)));
                }
            }
        }));
        workers.add(pool.submit(() -> {
            while (!stop.get()) {
                answers.add(new Answer("POST /run", api.post("/api/v1/backtests/" + runs + "/run", null)));
                answers.add(new Answer("GET /run", api.get("/api/v1/backtests/" + runs + "/run")));
                Await.sleep(Duration.ofMillis(50));
            }
        }));

        int killed = 0;
        try (Connection c = DriverManager.getConnection(schemaUrl); PreparedStatement kill = c.prepareStatement(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database()"
                        + " AND pid <> pg_backend_pid() AND usename = ?")) {
            kill.setString(1, ROLE);
            for (int i = 0; i < KILLS; i++) {
                awaitAnswers(answers, answers.size() + 20, Duration.ofSeconds(30));
                try (ResultSet rs = kill.executeQuery()) {
                    rs.next();
                    killed += rs.getInt(1);
                }
            }
        }
        awaitAnswers(answers, answers.size() + 20, Duration.ofSeconds(30));
        // enough trades on each backtest for the replay below to mean something, however slowly the machine ran
        Await.await(() -> List.of(shared, single).stream().allMatch(b -> tradesPerBacktest.containsKey(b)
                && tradesPerBacktest.get(b).sum() > 10), Duration.ofSeconds(120));
        stop.set(true);
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        for (Future<?> w : workers) {
            w.get(); // a worker that threw (e.g. the server stopped answering) fails the test here
        }

        assertThat(killed).as("server connections terminated").isGreaterThanOrEqualTo(KILLS);
        List<Answer> all = List.copyOf(answers);
        int unavailable = 0;
        for (Answer a : all) {
            Http.Reply r = a.reply();
            String where = a.what() + " -> " + r.status() + " " + r.body();
            if (r.status() >= 200 && r.status() < 300) {
                continue;
            }
            assertThat(r.status()).as(where).isIn(409, 422, 503);
            assertThat(r.contentType()).as(where).startsWith("application/problem+json");
            JsonNode p = r.json();
            assertThat(p.path("code").asText()).as(where).isIn(CLEAN_FAILURES);
            assertThat(p.path("request_id").asText()).as(where).isNotBlank();
            assertThat(r.body()).as(where).doesNotContain("Exception").doesNotContain("\tat ");
            if (r.status() == 503) {
                assertThat(p.path("code").asText()).as(where).isEqualTo("DATABASE_UNAVAILABLE");
                assertThat(r.header("Retry-After")).as(where).isEqualTo("5");
                unavailable++;
            }
        }
        long succeeded = all.stream().filter(a -> a.reply().status() < 300).count();
        System.out.printf("[PostgresKillIT] %d connections killed; %d answers: %d succeeded, %d were 503%n", killed, all.size(),
                succeeded, unavailable);
        // The kills were felt: a transaction ran again on a new connection, or a request was answered 503.
        assertThat(unavailable > 0 || server.log().contains("Database connection lost before commit"))
                .as("the server met killed connections (see target/server-logs/postgres-kill.log)").isTrue();

        // The pool recovered: without a restart, requests succeed again.
        long pid = server.pid();
        for (int i = 0; i < 10; i++) {
            assertThat(api.get("/api/v1/backtests").status()).isEqualTo(200);
            Http.Reply s = api.post("/api/v1/strategies", "{\"name\":\"after " + i + "\",\"type\":\"buy_and_hold\"}");
            assertThat(s.status()).as(s.body()).isEqualTo(201);
            acknowledgedStrategies.add(s.json().path("id").asText());
            Http.Reply t = api.post("/api/v1/trades", "{\"backtest_id\":\"" + single + "\",\"symbol\":\"BTC\",\"side\":\"buy\","
                    + "\"quantity\":0.001,\"price\":40000,\"executed_at\":\"2024-12-31T00:00:00Z\"}");
            assertThat(t.status()).as(t.body()).isEqualTo(201);
            acknowledgedTrades.add(t.json().path("trade").path("id").asText());
        }
        assertThat(server.alive()).isTrue();
        assertThat(server.pid()).isEqualTo(pid);
        Http.Reply ready = new Http().get(server.uri("/api/v1/health/ready"));
        assertThat(ready.status()).as(ready.body()).isEqualTo(200);

        awaitNoRunInFlight(runs);
        try (Connection c = DriverManager.getConnection(schemaUrl)) {
            for (String backtest : List.of(shared, single)) {
                assertMetricsEqualAReplayOfTheTrades(c, backtest);
            }
            assertEachOnce(c, "trades", acknowledgedTrades);
            assertEachOnce(c, "strategies", acknowledgedStrategies);
            assertRunsWhole(c, runs);
        }
    }

    private static String created(Http.Reply r) {
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().path("id").asText();
    }

    private static String backtest(Api api, String name, String strategy) {
        return created(api.post("/api/v1/backtests", "{\"name\":\"" + name + "\",\"strategy\":\"" + strategy + "\",\"symbol\":\"BTC\","
                + "\"timeframe\":\"1d\",\"start_date\":\"2023-01-01\",\"end_date\":\"2023-12-31\",\"initial_capital\":1000000,"
                + "\"commission\":0.001,\"parameters\":{}}"));
    }

    private static void awaitAnswers(ConcurrentLinkedQueue<Answer> answers, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (answers.size() < count) {
            assertThat(System.nanoTime()).as("%d answers within %s", count, timeout).isLessThan(deadline);
            Await.sleep(Duration.ofMillis(50));
        }
    }

    /**
     * Waits until every run of the backtest has finished and left the queue. A queue entry can outlive its finished
     * run when the connection that would delete it was killed; the queue revives it after the lease (30 s) and
     * the revived attempt, seeing the run finished, removes it.
     */
    private void awaitNoRunInFlight(String backtest) throws SQLException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            try (Connection c = DriverManager.getConnection(schemaUrl); PreparedStatement ps = c.prepareStatement(
                    "SELECT (SELECT count(*) FROM backtest_runs WHERE backtest_id = ? AND status IN ('queued', 'running')),"
                            + " (SELECT count(*) FROM scheduled_tasks q JOIN backtest_runs r ON q.task_instance = CAST(r.id AS VARCHAR)"
                            + " WHERE r.backtest_id = ?)")) {
                ps.setObject(1, UUID.fromString(backtest));
                ps.setObject(2, UUID.fromString(backtest));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) == 0 && rs.getInt(2) == 0) {
                        return;
                    }
                }
            }
            assertThat(System.nanoTime()).as("runs finished and left the queue within 120 s").isLessThan(deadline);
            Await.sleep(Duration.ofMillis(50));
        }
    }

    /** The backtest's stored figures equal a serial replay of its stored trades (README, "Trades"). */
    private static void assertMetricsEqualAReplayOfTheTrades(Connection c, String backtest) throws SQLException {
        BigDecimal initial;
        BigDecimal cash;
        BigDecimal position;
        BigDecimal finalCapital;
        int totalTrades;
        Double returnPct;
        Double winRate;
        try (PreparedStatement ps = c.prepareStatement("SELECT initial_capital, cash, position_quantity, final_capital, total_trades,"
                + " total_return_pct, win_rate_pct, status FROM backtests WHERE id = ?")) {
            ps.setObject(1, UUID.fromString(backtest));
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                initial = rs.getBigDecimal(1);
                cash = rs.getBigDecimal(2);
                position = rs.getBigDecimal(3);
                finalCapital = rs.getBigDecimal(4);
                totalTrades = rs.getInt(5);
                returnPct = (Double) rs.getObject(6);
                winRate = (Double) rs.getObject(7);
                assertThat(rs.getString(8)).isEqualTo("draft");
            }
        }
        MathContext mc = MathContext.DECIMAL128;
        BigDecimal replayCash = initial;
        BigDecimal replayPosition = BigDecimal.ZERO;
        BigDecimal costBasis = BigDecimal.ZERO;
        BigDecimal lastPrice = null;
        int trades = 0;
        int sells = 0;
        int wins = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT side, quantity, price, commission FROM trades"
                + " WHERE backtest_id = ? AND deleted_at IS NULL ORDER BY executed_at, created_at, id")) {
            ps.setObject(1, UUID.fromString(backtest));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    trades++;
                    BigDecimal q = rs.getBigDecimal(2);
                    BigDecimal p = rs.getBigDecimal(3);
                    BigDecimal fee = rs.getBigDecimal(4);
                    BigDecimal gross = q.multiply(p);
                    if (rs.getString(1).equals("buy")) {
                        BigDecimal cost = gross.add(fee);
                        replayCash = replayCash.subtract(cost.setScale(8, RoundingMode.HALF_EVEN));
                        replayPosition = replayPosition.add(q);
                        costBasis = costBasis.add(cost);
                    } else {
                        BigDecimal proceeds = gross.subtract(fee);
                        replayCash = replayCash.add(proceeds.setScale(8, RoundingMode.HALF_EVEN));
                        BigDecimal averageCost = replayPosition.signum() > 0 ? costBasis.divide(replayPosition, mc) : BigDecimal.ZERO;
                        BigDecimal soldCost = averageCost.multiply(q, mc);
                        sells++;
                        if (proceeds.compareTo(soldCost) > 0) {
                            wins++;
                        }
                        replayPosition = replayPosition.subtract(q);
                        costBasis = replayPosition.signum() > 0 ? costBasis.subtract(soldCost, mc).max(BigDecimal.ZERO) : BigDecimal.ZERO;
                    }
                    lastPrice = p;
                }
            }
        }
        String which = "backtest " + backtest + " with " + trades + " trades";
        assertThat(trades).as(which).isGreaterThan(10);
        assertThat(totalTrades).as(which + ": total_trades").isEqualTo(trades);
        assertThat(cash).as(which + ": cash").isEqualByComparingTo(replayCash);
        assertThat(position).as(which + ": position").isEqualByComparingTo(replayPosition);
        BigDecimal replayFinal = replayCash.add(replayPosition.multiply(lastPrice)).setScale(8, RoundingMode.HALF_EVEN);
        assertThat(finalCapital).as(which + ": final_capital").isEqualByComparingTo(replayFinal);
        double replayReturn = replayFinal.subtract(initial).divide(initial, mc).doubleValue() * 100.0;
        assertThat(returnPct).as(which + ": total_return_pct").isCloseTo(replayReturn, org.assertj.core.data.Offset.offset(1e-9));
        if (sells == 0) {
            assertThat(winRate).as(which + ": win_rate_pct").isNull();
        } else {
            assertThat(winRate).as(which + ": win_rate_pct").isCloseTo(wins * 100.0 / sells, org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    /** Every id the server acknowledged with 201 is in the table exactly once. */
    private static void assertEachOnce(Connection c, String table, ConcurrentLinkedQueue<String> ids) throws SQLException {
        Set<String> distinct = new HashSet<>(ids);
        assertThat(distinct).as("ids acknowledged for " + table).hasSize(ids.size());
        Set<String> found = new HashSet<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM " + table)) {
            while (rs.next()) {
                found.add(rs.getString(1).toLowerCase(Locale.ROOT));
            }
        }
        assertThat(found).as("acknowledged " + table + " rows").containsAll(distinct);
    }

    /**
     * No run is half-written: each is finished; a completed one has exactly one result row and its trades
     * numbered 1..n once each; a failed or cancelled one has no results; none is left in the queue.
     */
    private static void assertRunsWhole(Connection c, String backtest) throws SQLException {
        int completed = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT r.id, r.status, (SELECT count(*) FROM run_results x WHERE x.id = r.id),"
                + " (SELECT count(*) FROM run_trades t WHERE t.run_id = r.id),"
                + " (SELECT count(DISTINCT t.seq) FROM run_trades t WHERE t.run_id = r.id),"
                + " (SELECT count(*) FROM scheduled_tasks q WHERE q.task_instance = CAST(r.id AS VARCHAR))"
                + " FROM backtest_runs r WHERE r.backtest_id = ?")) {
            ps.setObject(1, UUID.fromString(backtest));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String run = "run " + rs.getString(1) + " (" + rs.getString(2) + ")";
                    assertThat(rs.getString(2)).as(run).isIn("completed", "failed", "cancelled");
                    assertThat(rs.getInt(6)).as(run + ": queue entries").isZero();
                    if (rs.getString(2).equals("completed")) {
                        completed++;
                        assertThat(rs.getInt(3)).as(run + ": result rows").isEqualTo(1);
                        assertThat(rs.getInt(5)).as(run + ": distinct trade numbers").isEqualTo(rs.getInt(4));
                    } else {
                        assertThat(rs.getInt(3)).as(run + ": result rows").isZero();
                        assertThat(rs.getInt(4)).as(run + ": trade rows").isZero();
                    }
                }
            }
        }
        assertThat(completed).as("completed runs").isPositive();
        try (PreparedStatement ps = c.prepareStatement("SELECT status FROM backtests WHERE id = ?")) {
            ps.setObject(1, UUID.fromString(backtest));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getString(1)).isIn("completed", "failed", "cancelled");
            }
        }
    }

}
