package dev.backtest.server.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backtest.server.testing.Http;
import dev.backtest.server.testing.SecuredServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Roles over every admin route (a user without a role, with the admin role by claim or by ADMIN_USER_IDS, the admin
 * token, a forged admin token), and the audit trail as the API writes it: one event per write with the caller's
 * kind and request id, none for a refused write, 50 for 50 concurrent writes.
 */
@ExtendWith(SecuredServer.class)
class AdminAccessIT {

    private static final List<String[]> ADMIN_ROUTES = List.of(
            new String[] {"GET", "/api/v1/admin/users"},
            new String[] {"GET", "/api/v1/admin/audit"},
            new String[] {"GET", "/api/v1/admin/diagnostics"},
            new String[] {"POST", "/api/v1/admin/cache/clear?symbol=BTC"});

    private static Http.Reply send(Hostile.Caller caller, String[] route) {
        return caller.send(route[0], route[1], null);
    }

    private static Hostile.Caller withClaims(SecuredServer.Handle secured, UUID user, Map<String, Object> appMetadata) {
        return Hostile.Caller.withAuthorization(secured, "Bearer " + secured.tokens().hs256(user,
                b -> appMetadata == null ? b : b.claim("app_metadata", appMetadata)));
    }

    @Test
    void everyAdminRouteIsForAdministratorsAndTheAdminTokenOnly(SecuredServer.Handle secured) {
        UUID plain = UUID.randomUUID();
        List<Hostile.Caller> refused = List.of(
                withClaims(secured, plain, null),                                                     // no role claim
                withClaims(secured, UUID.randomUUID(), Map.of("role", "editor")),                    // another role
                Hostile.Caller.withAuthorization(secured, "Bearer " + secured.tokens().hs256(UUID.randomUUID(),
                        b -> b.claim("role", "admin"))));                                               // top-level role: user-settable
        List<Hostile.Caller> allowed = List.of(
                withClaims(secured, UUID.randomUUID(), Map.of("role", "admin")),
                withClaims(secured, UUID.randomUUID(), Map.of("roles", List.of("support", "admin"))),
                withClaims(secured, SecuredServer.ADMIN_BY_ID, null),
                Hostile.Caller.withAuthorization(secured, "Bearer " + SecuredServer.ADMIN_TOKEN));
        for (String[] route : ADMIN_ROUTES) {
            for (Hostile.Caller c : refused) {
                send(c, route).assertProblem(403, "FORBIDDEN");
            }
            for (Hostile.Caller c : allowed) {
                Http.Reply r = send(c, route);
                assertThat(r.status()).as(route[0] + " " + route[1] + ": " + r.body()).isEqualTo(200);
            }
            Hostile.Caller forged = Hostile.Caller.withAuthorization(secured, "Bearer " + SecuredServer.ADMIN_TOKEN + "x");
            assertThat(send(forged, route).status()).as("a near miss of the admin token is no token").isEqualTo(401);
        }
        // the market-data routes refuse too, before they read a body
        for (Hostile.Caller c : refused) {
            c.post("/api/v1/admin/refresh", "{}").assertProblem(403, "FORBIDDEN");
            c.send("POST", "/api/v1/admin/ohlcv/BTC/import", java.net.http.HttpRequest.BodyPublishers.ofString("time,open,high,low,close\n"),
                    "text/csv").assertProblem(403, "FORBIDDEN");
        }
        // the admin token opens nothing but the admin routes
        Hostile.Caller token = Hostile.Caller.withAuthorization(secured, "Bearer " + SecuredServer.ADMIN_TOKEN);
        token.get("/api/v1/strategies").assertProblem(403, "FORBIDDEN");
        token.post("/api/v1/strategies", Routes.STRATEGY).assertProblem(403, "FORBIDDEN");

        // every refusal on an admin route is in the trail, as the refused user
        JsonNode trail = token.get("/api/v1/admin/audit?resource_type=admin_route&limit=200").json();
        List<String> mine = new ArrayList<>();
        trail.path("items").forEach(e -> {
            if (plain.toString().equals(e.path("user_id").asText())) {
                mine.add(e.path("action").asText() + " " + e.path("resource_id").asText());
            }
        });
        assertThat(mine).containsExactlyInAnyOrder("admin.forbidden GET /api/v1/admin/users", "admin.forbidden GET /api/v1/admin/audit",
                "admin.forbidden GET /api/v1/admin/diagnostics", "admin.forbidden POST /api/v1/admin/cache/clear",
                "admin.forbidden POST /api/v1/admin/refresh", "admin.forbidden POST /api/v1/admin/ohlcv/BTC/import");
    }

    @Test
    void diagnosticsAndTheCacheClearShowWhatAnOperatorNeeds(SecuredServer.Handle secured) {
        Hostile.Caller token = Hostile.Caller.withAuthorization(secured, "Bearer " + SecuredServer.ADMIN_TOKEN);
        JsonNode d = token.get("/api/v1/admin/diagnostics").json();
        assertThat(d.path("version").asText()).isNotBlank();
        assertThat(d.path("commit").asText()).isNotBlank();
        assertThat(d.path("environment").asText()).isEqualTo("production");
        assertThat(d.path("sdk").path("pool").path("max").asInt()).isEqualTo(8);
        assertThat(d.path("sdk").path("pool").path("active").asInt()).isGreaterThanOrEqualTo(0);
        assertThat(d.path("sdk").path("queue").isArray()).isTrue();
        assertThat(d.path("sdk").path("storage").path("reachable").asBoolean()).isTrue();
        assertThat(d.path("sdk").path("jvm").path("heap_used_bytes").asLong()).isPositive();
        assertThat(d.path("sdk").path("jvm").path("collectors").size()).isPositive();
        assertThat(d.path("sdk").path("candle_cache").has("hits")).isTrue();

        Http.Reply cleared = token.send("POST", "/api/v1/admin/cache/clear", null);
        assertThat(cleared.status()).as(cleared.body()).isEqualTo(200);
        assertThat(cleared.json().path("symbol").isNull()).isTrue();
        JsonNode last = token.get("/api/v1/admin/audit?resource_type=cache&limit=1").json().path("items").get(0);
        assertThat(last.path("action").asText()).isEqualTo("admin.cache.clear");
        assertThat(last.path("actor_kind").asText()).isEqualTo("admin_token");
        assertThat(last.path("resource_id").asText()).isEqualTo("all");
        assertThat(last.path("user_id").isNull()).isTrue();
    }

    @Test
    void adminUsersListsEachUserWithCounts(SecuredServer.Handle secured) {
        Hostile.Caller user = Hostile.Caller.seen(secured);
        assertThat(user.post("/api/v1/strategies", Routes.STRATEGY).status()).isEqualTo(201);
        Hostile.Caller admin = withClaims(secured, UUID.randomUUID(), Map.of("role", "admin"));
        JsonNode found = null;
        for (int offset = 0; found == null; offset += 200) {
            JsonNode page = admin.get("/api/v1/admin/users?limit=200&offset=" + offset).json();
            for (JsonNode u : page.path("items")) {
                if (u.path("id").asText().equals(user.user.toString())) {
                    found = u;
                }
            }
            assertThat(found != null || !page.path("next_cursor").isNull()).as("the user is listed").isTrue();
        }
        assertThat(found.path("strategy_count").asLong()).isEqualTo(1);
        assertThat(found.path("backtest_count").asLong()).isZero();
    }

    @Test
    void everyWriteLeavesExactlyOneEventWithItsCallerAndRequest(SecuredServer.Handle secured) throws Exception {
        Hostile.Caller me = Hostile.Caller.seen(secured);
        String strategy = me.send("POST", "/api/v1/strategies", HttpRequest.BodyPublishers.ofString(Routes.STRATEGY),
                "application/json", "X-Request-ID", "audit-create-1").json().path("id").asText();
        assertThat(me.put("/api/v1/strategies/" + strategy, "{\"description\":\"changed\"}").status()).isEqualTo(200);
        me.post("/api/v1/strategies", Routes.STRATEGY).assertProblem(409, "DUPLICATE_NAME"); // refused: no event
        String backtest = me.post("/api/v1/backtests", Routes.BACKTEST.replace("\"name\":\"hostile\"", "\"name\":\"audited\",\"strategy\":\""
                + strategy + "\"")).json().path("id").asText();
        assertThat(me.put("/api/v1/backtests/" + backtest, "{\"name\":\"renamed\"}").status()).isEqualTo(200);
        assertThat(me.post("/api/v1/trades", Routes.TRADE.replace("{backtest_id}", backtest)).status()).isEqualTo(201);
        assertThat(me.post("/api/v1/backtests/" + backtest + "/run", null).status()).isEqualTo(202);
        assertThat(me.post("/api/v1/backtests/" + backtest + "/cancel", null).status()).isEqualTo(200);
        Http.Reply sweep = me.post("/api/v1/backtests/" + backtest + "/optimizations", Routes.OPTIMIZE);
        assertThat(sweep.status()).as(sweep.body()).isEqualTo(202);
        String optimization = sweep.json().path("id").asText();
        assertThat(me.post("/api/v1/backtests/" + backtest + "/optimizations/" + optimization + "/cancel", null).status()).isEqualTo(200);
        assertThat(me.delete("/api/v1/backtests/" + backtest).status()).isIn(204, 409);
        assertThat(me.delete("/api/v1/strategies/" + strategy).status()).isIn(204, 409);

        JsonNode events = me.get("/api/v1/audit?limit=200&sort=created_at").json().path("items");
        List<String> actions = new ArrayList<>();
        events.forEach(e -> actions.add(e.path("action").asText()));
        List<String> expected = new ArrayList<>(List.of("strategy.create", "strategy.update", "backtest.create", "backtest.update",
                "trade.create", "run.start", "run.cancel", "optimization.start", "optimization.cancel"));
        // a delete refused as a conflict (the run still finishing) writes nothing: only the deletes that happened count
        assertThat(actions.subList(0, expected.size())).containsExactlyElementsOf(expected);
        assertThat(actions.subList(expected.size(), actions.size())).isSubsetOf("backtest.delete", "strategy.delete");
        JsonNode created = events.get(0);
        assertThat(created.path("request_id").asText()).isEqualTo("audit-create-1");
        assertThat(created.path("actor_kind").asText()).isEqualTo("user");
        assertThat(created.path("user_id").asText()).isEqualTo(me.user.toString());
        assertThat(created.path("resource_id").asText()).isEqualTo(strategy);
        assertThat(created.path("changed_fields").toString()).contains("name").contains("type").doesNotContain("hostile");
        assertThat(events.get(1).path("changed_fields").toString()).isEqualTo("[\"description\"]");
        // another user sees none of it
        assertThat(Hostile.Caller.seen(secured).get("/api/v1/audit").json().path("total").asLong()).isZero();
    }

    @Test
    void metricsShowThePoolTheQueueRunsAndWhatUsersDid(SecuredServer.Handle secured) {
        Hostile.Caller me = Hostile.Caller.seen(secured);
        String strategy = me.post("/api/v1/strategies", Routes.STRATEGY.replace("hostile", "metrics")).json().path("id").asText();
        String backtest = me.post("/api/v1/backtests", Routes.BACKTEST.replace("\"name\":\"hostile\"", "\"name\":\"metrics\",\"strategy\":\""
                + strategy + "\"")).json().path("id").asText();
        assertThat(me.post("/api/v1/trades", Routes.TRADE.replace("{backtest_id}", backtest)).status()).isEqualTo(201);
        assertThat(me.post("/api/v1/backtests/" + backtest + "/run", null).status()).isEqualTo(202);
        dev.backtest.sdk.testing.Await.await(() -> me.get("/api/v1/backtests/" + backtest + "/run").json().path("status").asText()
                .matches("completed|failed|cancelled"));

        String metrics = Hostile.Caller.withAuthorization(secured, null).get("/metrics").body();
        assertThat(metrics)
                .containsPattern("db_pool_max\\{[^}]*} 8(\\.0)?\\b")
                .containsPattern("db_pool_active\\{[^}]*} \\d")
                .containsPattern("queue_depth\\{[^}]*task=\"backtest-run\"[^}]*} \\d")
                .containsPattern("runs_started_total\\{[^}]*} [1-9]")
                .containsPattern("runs_finished_total\\{[^}]*status=\"completed\"[^}]*} [1-9]")
                .containsPattern("run_duration_seconds_count\\{[^}]*} [1-9]")
                .containsPattern("runs_queued\\{[^}]*} [1-9]")
                .containsPattern("trades_recorded\\{[^}]*} [1-9]")
                .containsPattern("audit_events_written\\{[^}]*} [1-9]");
    }

    @Test
    void fiftyConcurrentWritesLeaveFiftyEvents(SecuredServer.Handle secured) throws Exception {
        Hostile.Caller me = Hostile.Caller.seen(secured);
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String body = Routes.STRATEGY.replace("\"name\":\"hostile\"", "\"name\":\"concurrent " + i + "\"");
                statuses.add(pool.submit(() -> me.post("/api/v1/strategies", body).status()));
            }
            for (Future<Integer> s : statuses) {
                assertThat(s.get()).isEqualTo(201);
            }
        } finally {
            pool.shutdownNow();
        }
        JsonNode page = me.get("/api/v1/audit?resource_type=strategy&limit=200").json();
        assertThat(page.path("total").asLong()).isEqualTo(50);
        List<String> ids = new ArrayList<>();
        page.path("items").forEach(e -> ids.add(e.path("resource_id").asText()));
        assertThat(ids).doesNotHaveDuplicates().hasSize(50);
    }
}
