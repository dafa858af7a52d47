package dev.backtest.server.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backtest.server.testing.ServerProcess;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The request mixes of the load tests. */
final class LoadTargets {

    static final String CACHED_CANDLES = "GET /ohlcv/data (cached)";
    /** The cached candle request: one week of hourly BTC candles (168), as a chart would ask for it. */
    static final String CACHED_CANDLES_QUERY = "/api/v1/ohlcv/data?symbol=BTC&start_date=2024-03-04&end_date=2024-03-10&timeframe=1h";
    private static final String[] TIMEFRAMES = {"15m", "1h", "4h"};
    private static final ObjectMapper JSON = new ObjectMapper();

    private LoadTargets() {
    }

    static HttpRequest get(ServerProcess server, String path) {
        return HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(30)).GET().build();
    }

    /** Routes every deployment answers without a token. */
    static List<LoadGenerator.Target> publicRoutes(ServerProcess server) {
        return List.of(
                LoadGenerator.Target.single("GET /", 2, () -> get(server, "/")),
                LoadGenerator.Target.single("GET /api/v1/health/", 4, () -> get(server, "/api/v1/health/")),
                LoadGenerator.Target.single("GET /api/v1/health/ready", 2, () -> get(server, "/api/v1/health/ready")),
                LoadGenerator.Target.single("GET /health/live", 1, () -> get(server, "/health/live")));
    }

    /** Per-client data made before the load starts: a user, its strategy and a backtest to record trades on. */
    record ClientSetup(String token, String strategyId, String tradingBacktestId) {
    }

    /** One user per client (so per-user state never contends across clients), each with its strategy and backtest. */
    static List<ClientSetup> setUp(LoadServer load, int clients) throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        List<ClientSetup> setups = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            String token = load.tokens().hs256(UUID.randomUUID());
            String strategy = create(http, post(load.server(), token, "/api/v1/strategies",
                    "{\"name\":\"load cross\",\"type\":\"sma_cross\",\"parameters\":{\"fast\":5,\"slow\":20}}"));
            String backtest = create(http, post(load.server(), token, "/api/v1/backtests", backtestJson("trading", strategy)));
            setups.add(new ClientSetup(token, strategy, backtest));
        }
        return setups;
    }

    /**
     * The mixed traffic of issue "reliability": cached and uncached candles, listing backtests, recording trades
     * (a buy then a sell of the same quantity, so cash and position never run out) and starting runs (a new
     * backtest over one week of hourly candles, then its run).
     */
    static List<LoadGenerator.Target> mixed(LoadServer load, List<ClientSetup> setups) {
        ServerProcess server = load.server();
        long[] tradeCounter = new long[setups.size()];
        return List.of(
                new LoadGenerator.Target("candles (cached)", 10, client -> client.send(CACHED_CANDLES,
                        authorised(server, setups.get(client.index()).token(), CACHED_CANDLES_QUERY).GET().build())),
                new LoadGenerator.Target("candles (uncached)", 2, client -> {
                    LocalDate start = LocalDate.of(2023, 1, 1).plusDays(client.random().nextInt(700));
                    LocalDate end = start.plusDays(client.random().nextInt(28));
                    String tf = TIMEFRAMES[client.random().nextInt(TIMEFRAMES.length)];
                    client.send("GET /ohlcv/data (uncached)", authorised(server, setups.get(client.index()).token(),
                            "/api/v1/ohlcv/data?symbol=ETH&start_date=" + start + "&end_date=" + end + "&timeframe=" + tf).GET().build());
                }),
                new LoadGenerator.Target("GET /backtests", 3, client -> client.send("GET /backtests",
                        authorised(server, setups.get(client.index()).token(), "/api/v1/backtests?limit=20").GET().build())),
                new LoadGenerator.Target("POST /trades", 3, client -> {
                    ClientSetup s = setups.get(client.index());
                    long k = tradeCounter[client.index()]++;
                    String side = k % 2 == 0 ? "buy" : "sell";
                    String executedAt = Instant.parse("2024-01-01T00:00:00Z").plusSeconds(k).toString();
                    client.send("POST /trades", post(server, s.token(), "/api/v1/trades", "{\"backtest_id\":\"" + s.tradingBacktestId()
                            + "\",\"symbol\":\"BTC\",\"side\":\"" + side + "\",\"quantity\":0.01,\"price\":40000,\"executed_at\":\""
                            + executedAt + "\"}"));
                }),
                new LoadGenerator.Target("start run", 1, client -> {
                    ClientSetup s = setups.get(client.index());
                    HttpResponse<String> created = client.send("POST /backtests",
                            post(server, s.token(), "/api/v1/backtests", backtestJson("run", s.strategyId())));
                    String id = JSON.readTree(created.body()).path("id").asText();
                    client.send("POST /backtests/{id}/run", post(server, s.token(), "/api/v1/backtests/" + id + "/run", ""));
                }));
    }

    /** Only the cached candle request, to find the highest rate the server answers it at. */
    static List<LoadGenerator.Target> cachedCandles(LoadServer load, List<ClientSetup> setups) {
        return List.of(new LoadGenerator.Target(CACHED_CANDLES, 1, client -> client.send(CACHED_CANDLES,
                authorised(load.server(), setups.get(client.index()).token(), CACHED_CANDLES_QUERY).GET().build())));
    }

    /** Waits until no backtest of the clients' users is queued or running (the runs started by the load are done). */
    static void awaitRunsFinished(LoadServer load, List<ClientSetup> setups, Duration timeout) throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ClientSetup s : setups) {
            while (true) {
                boolean busy = false;
                String cursor = null;
                do {
                    String path = "/api/v1/backtests?limit=200" + (cursor == null ? "" : "&cursor=" + cursor);
                    var page = JSON.readTree(http.send(authorised(load.server(), s.token(), path).GET().build(),
                            HttpResponse.BodyHandlers.ofString()).body());
                    for (var b : page.path("items")) {
                        String status = b.path("status").asText();
                        busy |= status.equals("queued") || status.equals("running");
                    }
                    cursor = page.path("next_cursor").isTextual() ? page.path("next_cursor").asText() : null;
                } while (cursor != null && !busy);
                if (!busy) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("runs still queued or running after " + timeout);
                }
                Thread.sleep(1000); // polling the server with a deadline; nothing to wait on but its answers
            }
        }
    }

    private static String backtestJson(String name, String strategyId) {
        return "{\"name\":\"" + name + " " + UUID.randomUUID() + "\",\"strategy\":\"" + strategyId + "\",\"symbol\":\"BTC\","
                + "\"timeframe\":\"1h\",\"start_date\":\"2024-03-04\",\"end_date\":\"2024-03-10\",\"initial_capital\":1000000000,"
                + "\"commission\":0.001}";
    }

    private static HttpRequest.Builder authorised(ServerProcess server, String token, String path) {
        return HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token);
    }

    private static HttpRequest post(ServerProcess server, String token, String path, String json) {
        return authorised(server, token, path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private static String create(java.net.http.HttpClient http, HttpRequest request) throws Exception {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body()).path("id").asText();
    }
}
