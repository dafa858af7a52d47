package dev.backtest.server.load;

import dev.backtest.server.testing.ServerProcess;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;

/** The request mixes of the load tests. */
final class LoadTargets {

    private LoadTargets() {
    }

    static HttpRequest get(ServerProcess server, String path) {
        return HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(30)).GET().build();
    }

    /** Routes every deployment answers without a token. */
    static List<LoadGenerator.Target> publicRoutes(ServerProcess server) {
        return List.of(
                new LoadGenerator.Target("GET /", 2, () -> get(server, "/")),
                new LoadGenerator.Target("GET /api/v1/health/", 4, () -> get(server, "/api/v1/health/")),
                new LoadGenerator.Target("GET /api/v1/health/ready", 2, () -> get(server, "/api/v1/health/ready")),
                new LoadGenerator.Target("GET /health/live", 1, () -> get(server, "/health/live")));
    }
}
