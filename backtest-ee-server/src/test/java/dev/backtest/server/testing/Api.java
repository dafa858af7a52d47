package dev.backtest.server.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** Requests as one user: each carries the user's bearer token (none in development mode). */
public final class Api {

    /** A sweep request of 101 × 100 = 10,100 combinations: just over the default OPTIMIZE_MAX_GRID of 10,000. */
    public static final String GRID_OVER_DEFAULT_LIMIT = "{\"grid\":{\"fast\":" + range(1, 101) + ",\"slow\":" + range(2, 101) + "}}";

    private final Http http = new Http();
    private final ServerProcess server;
    private final String token;
    public final UUID user;

    /** A new user (a random id) of the secured server, with an HS256 token of its own. */
    public static Api newUser(SecuredServer.Handle handle) {
        return new Api(handle.server(), UUID.randomUUID(), handle.tokens()::hs256);
    }

    public Api(ServerProcess server, UUID user, Function<UUID, String> tokenFor) {
        this.server = server;
        this.user = user;
        this.token = tokenFor == null ? null : tokenFor.apply(user);
    }

    public Http.Reply get(String path) {
        return http.send("GET", uri(path), null, headers(false));
    }

    public Http.Reply delete(String path) {
        return http.send("DELETE", uri(path), null, headers(false));
    }

    public Http.Reply post(String path, String json) {
        return http.send("POST", uri(path), json, headers(true));
    }

    public Http.Reply put(String path, String json) {
        return http.send("PUT", uri(path), json, headers(true));
    }

    /** A request with a body of another type than JSON (a CSV file, say). */
    public Http.Reply send(String method, String path, String body, String contentType) {
        List<String> h = new ArrayList<>(List.of(headers(false)));
        h.add("Content-Type");
        h.add(contentType);
        return http.send(method, uri(path), body, h.toArray(String[]::new));
    }

    /** Creates an {@code sma_cross} strategy and a BTC daily backtest over 2023 on it; returns the backtest's id. */
    public String newDailyBacktest() {
        Http.Reply s = post("/api/v1/strategies", "{\"name\":\"cross " + UUID.randomUUID() + "\",\"type\":\"sma_cross\","
                + "\"parameters\":{\"fast\":5,\"slow\":20}}");
        assertThat(s.status()).as(s.body()).isEqualTo(201);
        Http.Reply b = post("/api/v1/backtests", "{\"name\":\"bt " + UUID.randomUUID() + "\",\"strategy\":\""
                + s.json().path("id").asText() + "\",\"symbol\":\"BTC\",\"timeframe\":\"1d\",\"start_date\":\"2023-01-01\","
                + "\"end_date\":\"2023-12-31\",\"initial_capital\":1000000,\"commission\":0.001,\"parameters\":{}}");
        assertThat(b.status()).as(b.body()).isEqualTo(201);
        return b.json().path("id").asText();
    }

    /** Polls {@code path} (a run or a sweep) until its {@code status} is final, for at most 60 s; returns the last body. */
    public JsonNode awaitFinished(String path) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            Http.Reply r = get(path);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            String status = r.json().path("status").asText();
            if (status.equals("completed") || status.equals("failed") || status.equals("cancelled")) {
                return r.json();
            }
            assertThat(System.nanoTime()).as(path + " finished within 60 s; last: " + r.body()).isLessThan(deadline);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static String range(int first, int last) {
        return java.util.stream.IntStream.rangeClosed(first, last).mapToObj(Integer::toString)
                .collect(java.util.stream.Collectors.joining(",", "[", "]"));
    }

    private URI uri(String path) {
        return server.uri(path);
    }

    private String[] headers(boolean json) {
        List<String> h = new ArrayList<>();
        if (token != null) {
            h.add("Authorization");
            h.add("Bearer " + token);
        }
        if (json) {
            h.add("Content-Type");
            h.add("application/json");
        }
        return h.toArray(String[]::new);
    }
}
