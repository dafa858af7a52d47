package dev.backtest.server;

import dev.backtest.sdk.testing.Await;
import dev.backtest.server.testing.Http;
import dev.backtest.server.testing.ServerProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database comes up after the server (a deployment starting both at once): the server tries it again with
 * backoff ({@code DB_CONNECT_RETRIES}), logs each attempt, and serves once it answers.
 */
class LateDatabaseIT {

    @Test
    void theServerWaitsForADatabaseStartedAfterIt(@TempDir Path dir) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (ServerProcess server = ServerProcess.launch("late-database", dir.resolve("server"), Map.of(
                "DATABASE_URL", "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres",
                "AUTH_MODE", "development",
                "DB_CONNECT_RETRIES", "30"))) {
            Await.await(() -> server.log().contains("not reachable (attempt 2 of 31)"), Duration.ofSeconds(120));
            try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setPort(port).setDataDirectory(dir.resolve("pg"))
                    .setCleanDataDirectory(true).start()) {
                server.awaitReady();
                Http.Reply health = new Http().get(server.uri("/api/v1/health/ready"));
                assertThat(health.status()).as(health.body()).isEqualTo(200);
                assertThat(server.log()).contains("not reachable (attempt 1 of 31)").contains("Connection refused");
            }
        }
    }
}
