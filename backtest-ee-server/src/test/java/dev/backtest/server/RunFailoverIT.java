package dev.backtest.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backtest.sdk.testing.Await;
import dev.backtest.sdk.testing.TestDatabases;
import dev.backtest.server.testing.Api;
import dev.backtest.server.testing.Http;
import dev.backtest.server.testing.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two server instances share one PostgreSQL schema and its run queue. The instance that claimed a
 * run is killed with SIGKILL in the middle of writing the run's results; after the lease
 * ({@code RUN_LEASE_SECONDS}, 6 s here) the other instance takes the run over and completes it, and
 * the results, the trades and the backtest's metrics are there exactly once.
 *
 * <p>To kill the instance at a known point rather than by luck, the test holds an exclusive lock on
 * {@code run_results} while the run executes: the claiming instance then stops inside its final
 * transaction (the run {@code running} at 90 %, the results insert waiting for the lock), which is
 * where it is killed. The lock is released right after the kill; the dead instance's transaction is
 * rolled back by PostgreSQL, never committed.
 */
class RunFailoverIT {

    @Test
    void aRunWhoseInstanceIsKilledIsTakenOverAfterItsLeaseAndCompletedExactlyOnce(@TempDir Path dir) throws Exception {
        String db = TestDatabases.freshPostgresSchema();
        String schema = db.substring(db.indexOf("currentSchema=") + "currentSchema=".length());
        Map<String, String> env = Map.of(
                "DATABASE_URL", db,
                "DB_POOL_MIN", "1",
                "DB_POOL_MAX", "4",
                "BACKTEST_WORKERS", "1",
                "RUN_LEASE_SECONDS", "6",
                "AUTH_MODE", "development");
        ServerProcess a = ServerProcess.launch("failover-a", dir.resolve("a"), env);
        ServerProcess b = ServerProcess.launch("failover-b", dir.resolve("b"), env);
        try {
            a.awaitReady();
            b.awaitReady();
            Api viaA = new Api(a, UUID.randomUUID(), null);
            String strategy = viaA.post("/api/v1/strategies", "{\"name\":\"failover\",\"type\":\"sma_cross\","
                    + "\"parameters\":{\"fast\":10,\"slow\":30}}").json().path("id").asText();
            Http.Reply created = viaA.post("/api/v1/backtests", "{\"name\":\"failover\",\"strategy\":\"" + strategy + "\","
                    + "\"symbol\":\"BTC\",\"timeframe\":\"1h\",\"start_date\":\"2024-01-01\",\"end_date\":\"2024-06-30\","
                    + "\"initial_capital\":1000000,\"commission\":0.001,\"parameters\":{}}");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            String backtest = created.json().path("id").asText();

            String runId;
            ServerProcess owner;
            ServerProcess survivor;
            try (Connection lock = DriverManager.getConnection(db)) {
                lock.setAutoCommit(false);
                try (Statement s = lock.createStatement()) {
                    s.execute("LOCK TABLE run_results IN EXCLUSIVE MODE");
                }
                Http.Reply started = viaA.post("/api/v1/backtests/" + backtest + "/run", null);
                assertThat(started.status()).as(started.body()).isEqualTo(202);
                runId = started.json().path("id").asText();

                String worker = awaitBlockedInItsFinalTransaction(db, schema, runId);
                owner = worker.contains("-" + a.pid() + "-") ? a : b;
                survivor = owner == a ? b : a;
                assertThat(worker).as("worker id names one of the two instances").contains("-" + owner.pid() + "-");

                owner.kill();
                assertThat(owner.alive()).isFalse();
                lock.commit();
            }

            JsonNode run = awaitFinished(new Api(survivor, viaA.user, null), backtest, Duration.ofSeconds(60));
            assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("completed");
            assertThat(run.path("id").asText()).isEqualTo(runId);
            assertThat(run.path("attempts").asInt()).as("the killed attempt counts").isEqualTo(2);
            assertThat(run.path("worker_id").asText()).contains("-" + survivor.pid() + "-");
            assertThat(run.path("progress").asInt()).isEqualTo(100);

            Api viaSurvivor = new Api(survivor, viaA.user, null);
            JsonNode results = viaSurvivor.get("/api/v1/backtests/" + backtest + "/results?limit=200").json();
            int trades = results.path("stats").path("trades").asInt();
            assertThat(trades).isPositive();
            assertThat(results.path("trades").path("total").asInt()).isEqualTo(trades);
            JsonNode b1 = viaSurvivor.get("/api/v1/backtests/" + backtest).json();
            assertThat(b1.path("status").asText()).isEqualTo("completed");
            assertThat(b1.path("metrics").path("total_trades").asInt()).isEqualTo(trades);

            try (Connection c = DriverManager.getConnection(db)) {
                assertThat(count(c, "SELECT count(*) FROM backtest_runs WHERE backtest_id = ?", backtest)).as("runs").isEqualTo(1);
                assertThat(count(c, "SELECT count(*) FROM run_results WHERE id = ?", runId)).as("result rows").isEqualTo(1);
                assertThat(count(c, "SELECT count(*) FROM run_results", null)).as("result rows in all").isEqualTo(1);
                assertThat(count(c, "SELECT count(*) FROM run_trades WHERE run_id = ?", runId)).as("trade rows").isEqualTo(trades);
                assertThat(count(c, "SELECT count(DISTINCT seq) FROM run_trades WHERE run_id = ?", runId)).as("trade numbers")
                        .isEqualTo(trades);
                assertThat(count(c, "SELECT count(*) FROM scheduled_tasks WHERE task_instance = ?", runId)).as("queue entries")
                        .isZero();
            }
        } finally {
            a.close();
            b.close();
            TestDatabases.dropSchema(db);
        }
    }

    /**
     * Waits until the run is {@code running} at 90 % (the engine done, results not yet written) and a
     * session waits for the lock on {@code run_results}; returns the run's worker id.
     */
    private static String awaitBlockedInItsFinalTransaction(String db, String schema, String runId) throws SQLException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (Connection c = DriverManager.getConnection(db);
             PreparedStatement run = c.prepareStatement("SELECT status, progress, worker_id, attempts FROM backtest_runs WHERE id = ?");
             PreparedStatement waiting = c.prepareStatement("SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = "
                     + "to_regclass(?)")) {
            run.setObject(1, UUID.fromString(runId));
            waiting.setString(1, schema + ".run_results");
            String last = "";
            while (true) {
                try (ResultSet rs = run.executeQuery()) {
                    rs.next();
                    last = rs.getString(1) + " " + rs.getInt(2) + "% on " + rs.getString(3) + " attempt " + rs.getInt(4);
                    if (rs.getString(1).equals("running") && rs.getInt(2) == 90) {
                        assertThat(rs.getInt(4)).isEqualTo(1);
                        try (ResultSet w = waiting.executeQuery()) {
                            w.next();
                            if (w.getInt(1) > 0) {
                                return rs.getString(3);
                            }
                        }
                    }
                }
                assertThat(System.nanoTime()).as("run blocked writing its results within 60 s; last: " + last).isLessThan(deadline);
                Await.sleep(Duration.ofMillis(100));
            }
        }
    }

    private static JsonNode awaitFinished(Api api, String backtest, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Http.Reply r = api.get("/api/v1/backtests/" + backtest + "/run");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            String status = r.json().path("status").asText();
            if (status.equals("completed") || status.equals("failed") || status.equals("cancelled")) {
                return r.json();
            }
            assertThat(System.nanoTime()).as("run taken over and finished within " + timeout + "; last: " + r.body())
                    .isLessThan(deadline);
            Await.sleep(Duration.ofMillis(100));
        }
    }

    private static int count(Connection c, String sql, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (id != null) {
                if (sql.contains("task_instance")) {
                    ps.setString(1, id);
                } else {
                    ps.setObject(1, UUID.fromString(id));
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

}
