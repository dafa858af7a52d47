package dev.backtest.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backtest.sdk.testing.Await;
import dev.backtest.server.testing.Api;
import dev.backtest.server.testing.Http;
import dev.backtest.server.testing.SecuredServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import static dev.backtest.server.testing.Http.fields;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The assets, indexes and simulations routes through the real server on PostgreSQL with real tokens: admin-only asset
 * writes, validation per field, every index route answering another user's index exactly like a missing one, an index
 * run through the queue to its current value, history, allocations, benchmark and risk metrics, and simulations.
 */
@ExtendWith(SecuredServer.class)
class IndexesApiIT {

    private static final String MAJORS = "{\"name\":\"%s\",\"universe\":[\"BTC\",\"ETH\"],\"weighting\":\"market_cap\",\"max_weight\":0.7,"
            + "\"schedule\":\"monthly\",\"benchmark\":\"BTC\",\"start_date\":\"2023-01-01\"}";

    private SecuredServer.Handle secured;
    private Api alice;
    private Api bob;
    private Api admin;
    private Api adminToken;

    @BeforeEach
    void users(SecuredServer.Handle handle) {
        secured = handle;
        alice = Api.newUser(handle);
        bob = new Api(handle.server(), UUID.randomUUID(), handle.tokens()::es256);
        admin = new Api(handle.server(), UUID.randomUUID(), u -> handle.tokens().hs256(u, b -> b.claim("app_metadata", Map.of("role", "admin"))));
        adminToken = new Api(handle.server(), null, u -> SecuredServer.ADMIN_TOKEN);
    }

    /** The call, again after Retry-After while the user's rate limit refuses it. */
    private static Http.Reply paced(Supplier<Http.Reply> call) {
        for (int attempt = 1; ; attempt++) {
            Http.Reply r = call.get();
            if (r.status() != 429 || attempt == 10) {
                return r;
            }
            Await.sleep(Duration.ofSeconds(Long.parseLong(r.header("Retry-After"))));
        }
    }

    private static JsonNode ok(Http.Reply r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        return r.json();
    }

    private static JsonNode parse(String json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String newSymbol() {
        return "T" + UUID.randomUUID().toString().replace("-", "").substring(0, 8).toUpperCase(Locale.ROOT);
    }

    @Test
    void assetsAreReadByEveryoneAndWrittenByAdministratorsOnly() {
        JsonNode btc = ok(alice.get("/api/v1/assets/BTC"), 200);
        assertThat(btc.path("asset_class").asText()).isEqualTo("crypto");
        assertThat(btc.path("currency").asText()).isEqualTo("USD");
        assertThat(btc.path("active").asBoolean()).isTrue();
        JsonNode page = ok(alice.get("/api/v1/assets?limit=1"), 200);
        assertThat(page.path("items")).hasSize(1);
        assertThat(page.path("total").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(page.path("next_cursor").asText()).isNotBlank();
        ok(alice.get("/api/v1/assets?cursor=" + page.path("next_cursor").asText()), 200);
        alice.get("/api/v1/assets/NOPE").assertProblem(404, "ASSET_NOT_FOUND");
        alice.get("/api/v1/assets/btc%20x").assertProblem(400, "INVALID_SYMBOL");
        alice.get("/api/v1/assets?limit=0").assertProblem(400, "VALIDATION_FAILED");

        // a user: every write refused as FORBIDDEN, recorded, and nothing written
        String symbol = newSymbol();
        String body = "{\"symbol\":\"" + symbol + "\",\"name\":\"Test asset\",\"asset_class\":\"equity\",\"sector\":\"Tests\","
                + "\"exchange\":\"TEST\"}";
        alice.post("/api/v1/assets", body).assertProblem(403, "FORBIDDEN");
        alice.put("/api/v1/assets/BTC", "{\"name\":\"mine\"}").assertProblem(403, "FORBIDDEN");
        alice.delete("/api/v1/assets/BTC").assertProblem(403, "FORBIDDEN");
        alice.send("POST", "/api/v1/assets/BTC/market-caps/import", "time,market_cap\n2024-01-01,1\n", "text/csv")
                .assertProblem(403, "FORBIDDEN");
        alice.get("/api/v1/assets/" + symbol).assertProblem(404, "ASSET_NOT_FOUND");
        assertThat(alice.get("/api/v1/assets/BTC").json().path("name").asText()).isEqualTo(btc.path("name").asText());
        List<String> refusals = new ArrayList<>();
        adminToken.get("/api/v1/admin/audit?resource_type=admin_route&limit=200").json().path("items").forEach(e -> {
            if (alice.user.toString().equals(e.path("user_id").asText())) {
                refusals.add(e.path("action").asText() + " " + e.path("resource_id").asText());
            }
        });
        assertThat(refusals).containsExactlyInAnyOrder("admin.forbidden POST /api/v1/assets", "admin.forbidden PUT /api/v1/assets/BTC",
                "admin.forbidden DELETE /api/v1/assets/BTC", "admin.forbidden POST /api/v1/assets/BTC/market-caps/import");
        // the admin token opens the asset writes, not the reads
        adminToken.get("/api/v1/assets").assertProblem(403, "FORBIDDEN");

        // an administrator: validation of every field, create, duplicate
        assertThat(fields(admin.post("/api/v1/assets", "{\"symbol\":\"bad symbol\",\"name\":\"\",\"asset_class\":\"bond\","
                + "\"currency\":\"$$\",\"sector\":\"" + "s".repeat(101) + "\",\"exchange\":\"" + "e".repeat(65) + "\"}")
                .assertProblem(400, "VALIDATION_FAILED"))).containsExactlyInAnyOrder("symbol", "name", "asset_class", "currency", "sector",
                "exchange");
        assertThat(fields(admin.post("/api/v1/assets", "{}").assertProblem(400, "VALIDATION_FAILED"))).contains("symbol", "name",
                "asset_class");
        assertThat(fields(admin.post("/api/v1/assets", "{\"symbol\":\"X\",\"colour\":\"red\"}").assertProblem(400, "VALIDATION_FAILED")))
                .containsExactly("colour");
        Http.Reply created = admin.post("/api/v1/assets", body);
        JsonNode asset = ok(created, 201);
        assertThat(created.header("Location")).endsWith("/api/v1/assets/" + symbol);
        assertThat(asset.path("asset_class").asText()).isEqualTo("equity");
        assertThat(asset.path("currency").asText()).isEqualTo("USD");
        assertThat(asset.path("created_at").asText()).endsWith("Z");
        admin.post("/api/v1/assets", body).assertProblem(409, "DUPLICATE_NAME");

        // the admin token: update, import, read back, delete
        JsonNode changed = ok(adminToken.put("/api/v1/assets/" + symbol, "{\"active\":false,\"sector\":\"Other\"}"), 200);
        assertThat(changed.path("active").asBoolean()).isFalse();
        assertThat(changed.path("name").asText()).isEqualTo("Test asset");
        assertThat(fields(adminToken.put("/api/v1/assets/" + symbol, "{\"symbol\":\"OTHER\"}").assertProblem(400, "VALIDATION_FAILED")))
                .containsExactly("symbol");
        adminToken.put("/api/v1/assets/NOPE" + symbol, "{\"active\":false}").assertProblem(404, "ASSET_NOT_FOUND");
        JsonNode imported = ok(adminToken.send("POST", "/api/v1/assets/" + symbol + "/market-caps/import",
                "time,market_cap\n2024-01-01,100.5\n2024-01-02,101\n2024-01-03,102.25\n", "text/csv"), 200);
        assertThat(imported.path("rows").asInt()).isEqualTo(3);
        assertThat(imported.path("first_date").asText()).isEqualTo("2024-01-01");
        assertThat(imported.path("last_date").asText()).isEqualTo("2024-01-03");
        assertThat(adminToken.send("POST", "/api/v1/assets/" + symbol + "/market-caps/import", "time,market_cap\n2024-01-04,-1\n",
                "text/csv").assertProblem(400, "VALIDATION_FAILED").path("detail").asText()).contains("market_cap");
        adminToken.send("POST", "/api/v1/assets/" + symbol + "/market-caps/import", "", "text/csv").assertProblem(400, "VALIDATION_FAILED");
        JsonNode caps = ok(bob.get("/api/v1/assets/" + symbol + "/market-caps?start_date=2024-01-02&end_date=2024-01-31"), 200);
        assertThat(caps).hasSize(2);
        assertThat(caps.get(0).path("date").asText()).isEqualTo("2024-01-02");
        assertThat(caps.get(1).path("value").decimalValue()).isEqualByComparingTo("102.25");
        assertThat(ok(bob.get("/api/v1/assets/" + symbol + "/market-caps"), 200)).hasSize(3);
        assertThat(fields(bob.get("/api/v1/assets/" + symbol + "/market-caps?start_date=01/02/2024&end_date=2024-13-01")
                .assertProblem(400, "VALIDATION_FAILED"))).containsExactlyInAnyOrder("start_date", "end_date");
        assertThat(fields(bob.get("/api/v1/assets/" + symbol + "/market-caps?start_date=2024-02-01&end_date=2024-01-01")
                .assertProblem(400, "VALIDATION_FAILED"))).containsExactly("end_date");
        assertThat(adminToken.delete("/api/v1/assets/" + symbol).status()).isEqualTo(204);
        bob.get("/api/v1/assets/" + symbol).assertProblem(404, "ASSET_NOT_FOUND");
        bob.get("/api/v1/assets/" + symbol + "/market-caps").assertProblem(404, "ASSET_NOT_FOUND");
        adminToken.delete("/api/v1/assets/" + symbol).assertProblem(404, "ASSET_NOT_FOUND");

        List<String> writes = new ArrayList<>();
        adminToken.get("/api/v1/admin/audit?resource_type=asset&limit=200").json().path("items").forEach(e -> {
            if (symbol.equals(e.path("resource_id").asText())) {
                writes.add(e.path("action").asText() + " " + e.path("actor_kind").asText());
            }
        });
        assertThat(writes).containsExactlyInAnyOrder("asset.create admin", "asset.update admin_token", "asset.market_caps.import admin_token",
                "asset.delete admin_token");
    }

    @Test
    void indexesAreValidatedPerFieldAndAnotherUsersIndexIsAMissingOneOnEveryRoute() {
        // each field wrong on its own is named (the SDK checks the engine's options and the symbols' existence after the rest)
        Map<String, String> wrong = new java.util.LinkedHashMap<>();
        wrong.put("name", "\"\"");
        wrong.put("universe", "[\"NOPE\"]");
        wrong.put("weighting", "\"random\"");
        wrong.put("weights", "{\"BTC\":0.5}");
        wrong.put("lookback", "20");
        wrong.put("max_weight", "2");
        wrong.put("schedule", "\"hourly\"");
        wrong.put("threshold", "1.5");
        wrong.put("benchmark", "\"NOPE\"");
        wrong.put("base_value", "0");
        wrong.put("base_currency", "\"$$\"");
        wrong.put("start_date", "\"1960-01-01\"");
        wrong.put("commission", "0.5");
        for (Map.Entry<String, String> w : wrong.entrySet()) {
            com.fasterxml.jackson.databind.node.ObjectNode body = (com.fasterxml.jackson.databind.node.ObjectNode) parse(
                    MAJORS.formatted("wrong " + w.getKey()));
            body.set(w.getKey(), parse(w.getValue()));
            JsonNode p = paced(() -> alice.post("/api/v1/indexes", body.toString())).assertProblem(400, "VALIDATION_FAILED");
            assertThat(fields(p)).as(w.getKey() + ": " + p).containsExactly(w.getKey());
        }
        JsonNode bad = alice.post("/api/v1/indexes", "{\"name\":\"\",\"weighting\":\"random\",\"schedule\":\"hourly\",\"base_value\":0,"
                + "\"start_date\":\"1960-01-01\"}").assertProblem(400, "VALIDATION_FAILED");
        assertThat(fields(bad)).containsExactlyInAnyOrder("name", "universe", "weighting", "schedule", "base_value", "start_date");
        assertThat(fields(alice.post("/api/v1/indexes", "{}").assertProblem(400, "VALIDATION_FAILED"))).containsExactlyInAnyOrder("name",
                "universe", "start_date");
        assertThat(fields(alice.post("/api/v1/indexes", MAJORS.formatted("fixed").replace("\"market_cap\"", "\"fixed\""))
                .assertProblem(400, "VALIDATION_FAILED"))).contains("weights");
        assertThat(fields(alice.post("/api/v1/indexes", MAJORS.formatted("x").replace("2023-01-01", "yesterday"))
                .assertProblem(400, "VALIDATION_FAILED"))).containsExactly("start_date");

        Http.Reply created = alice.post("/api/v1/indexes", MAJORS.formatted("Majors"));
        JsonNode ix = ok(created, 201);
        String id = ix.path("id").asText();
        assertThat(created.header("Location")).endsWith("/api/v1/indexes/" + id);
        assertThat(ix.path("user_id").asText()).isEqualTo(alice.user.toString());
        assertThat(ix.path("universe").toString()).isEqualTo("[\"BTC\",\"ETH\"]");
        assertThat(ix.path("base_value").asDouble()).isEqualTo(1000.0);
        assertThat(ix.path("base_currency").asText()).isEqualTo("USD");
        assertThat(ix.path("weights").isNull()).isTrue();
        alice.post("/api/v1/indexes", MAJORS.formatted("Majors")).assertProblem(409, "DUPLICATE_NAME");
        JsonNode renamed = ok(alice.put("/api/v1/indexes/" + id, "{\"name\":\"Majors capped\",\"max_weight\":0.6}"), 200);
        assertThat(renamed.path("max_weight").asDouble()).isEqualTo(0.6);
        assertThat(renamed.path("version").asLong()).isEqualTo(ix.path("version").asLong() + 1);
        assertThat(fields(alice.put("/api/v1/indexes/" + id, "{\"commission\":-1}").assertProblem(400, "VALIDATION_FAILED")))
                .containsExactly("commission");
        JsonNode list = ok(alice.get("/api/v1/indexes?limit=10&sort=name"), 200);
        assertThat(list.path("total").asInt()).isEqualTo(1);
        assertThat(list.path("items").get(0).path("id").asText()).isEqualTo(id);
        alice.get("/api/v1/indexes?sort=colour").assertProblem(400, "VALIDATION_FAILED");
        // no run yet
        for (String part : List.of("/current", "/history", "/allocations?date=2024-01-01", "/allocations/history", "/benchmark",
                "/risk-metrics")) {
            alice.get("/api/v1/indexes/" + id + part).assertProblem(404, "INDEX_RUN_NOT_FOUND");
        }

        // bob: alice's index and a missing one answer alike, on every route
        String missing = UUID.randomUUID().toString();
        for (String target : List.of(id, missing)) {
            List<Http.Reply> replies = List.of(paced(() -> bob.get("/api/v1/indexes/" + target)),
                    paced(() -> bob.put("/api/v1/indexes/" + target, "{\"name\":\"mine\"}")),
                    paced(() -> bob.delete("/api/v1/indexes/" + target)),
                    paced(() -> bob.post("/api/v1/indexes/" + target + "/run", null)),
                    paced(() -> bob.get("/api/v1/indexes/" + target + "/current")),
                    paced(() -> bob.get("/api/v1/indexes/" + target + "/history?points=10")),
                    paced(() -> bob.get("/api/v1/indexes/" + target + "/allocations?date=2024-01-01")),
                    paced(() -> bob.get("/api/v1/indexes/" + target + "/allocations/history")),
                    paced(() -> bob.get("/api/v1/indexes/" + target + "/benchmark")),
                    paced(() -> bob.get("/api/v1/indexes/" + target + "/risk-metrics")),
                    paced(() -> bob.post("/api/v1/simulations", "{\"amount\":1000,\"start_date\":\"2024-01-01\",\"index_id\":\"" + target + "\"}")));
            for (Http.Reply r : replies) {
                JsonNode p = r.assertProblem(404, "INDEX_NOT_FOUND");
                assertThat(p.path("detail").asText()).isEqualTo("index " + target + " does not exist");
                assertThat(r.body()).doesNotContain(alice.user.toString()).doesNotContain("Majors");
            }
        }
        bob.get("/api/v1/indexes/not-a-uuid").assertProblem(404, "INDEX_NOT_FOUND");
        assertThat(bob.get("/api/v1/indexes").json().path("total").asInt()).isZero();
        assertThat(alice.get("/api/v1/indexes/" + id).json().path("name").asText()).isEqualTo("Majors capped");

        assertThat(alice.delete("/api/v1/indexes/" + id).status()).isEqualTo(204);
        alice.get("/api/v1/indexes/" + id).assertProblem(404, "INDEX_NOT_FOUND");
        alice.post("/api/v1/indexes/" + id + "/run", null).assertProblem(404, "INDEX_NOT_FOUND");
        assertThat(alice.get("/api/v1/indexes").json().path("total").asInt()).isZero();
    }

    @Test
    void anIndexRunGoesThroughTheQueueToItsValuesAllocationsBenchmarkAndMetrics() {
        String id = ok(alice.post("/api/v1/indexes", MAJORS.formatted("Run me")), 201).path("id").asText();
        Http.Reply started = alice.post("/api/v1/indexes/" + id + "/run", null);
        JsonNode run = ok(started, 202);
        assertThat(run.path("status").asText()).isEqualTo("queued");
        assertThat(run.path("index_id").asText()).isEqualTo(id);
        assertThat(started.header("Location")).endsWith("/api/v1/tasks/" + run.path("id").asText());
        JsonNode task = alice.awaitFinished("/api/v1/tasks/" + run.path("id").asText());
        assertThat(task.path("status").asText()).as(task.toString()).isEqualTo("completed");
        assertThat(task.path("kind").asText()).isEqualTo("index_run");

        JsonNode now = ok(alice.get("/api/v1/indexes/" + id + "/current"), 200);
        assertThat(now.path("run_id").asText()).isEqualTo(run.path("id").asText());
        assertThat(now.path("value").asDouble()).isPositive();
        assertThat(now.path("allocations")).isNotEmpty();
        now.path("allocations").forEach(a -> {
            assertThat(a.path("symbol").asText()).isIn("BTC", "ETH");
            assertThat(a.path("weight").asDouble()).isBetween(0.0, 0.7 + 1e-6);
        });
        assertThat(now.has("change_1d_pct")).isTrue();
        assertThat(now.has("change_ytd_pct")).isTrue();

        JsonNode history = ok(alice.get("/api/v1/indexes/" + id + "/history?points=10"), 200);
        assertThat(history.path("values")).hasSize(10);
        assertThat(history.path("total").asInt()).isGreaterThan(10);
        assertThat(history.path("values").get(0).path("value").asDouble()).isEqualTo(1000.0);
        assertThat(history.path("values").get(9).path("date").asText()).isEqualTo(now.path("date").asText());
        JsonNode june = ok(alice.get("/api/v1/indexes/" + id + "/history?start_date=2023-06-01&end_date=2023-06-30"), 200);
        assertThat(june.path("total").asInt()).isEqualTo(30);
        assertThat(june.path("values").get(0).path("date").asText()).isEqualTo("2023-06-01");
        assertThat(fields(alice.get("/api/v1/indexes/" + id + "/history?points=1").assertProblem(400, "VALIDATION_FAILED")))
                .containsExactly("points");
        assertThat(fields(alice.get("/api/v1/indexes/" + id + "/history?points=many&start_date=June").assertProblem(400,
                "VALIDATION_FAILED"))).containsExactlyInAnyOrder("points", "start_date");
        assertThat(fields(alice.get("/api/v1/indexes/" + id + "/history?start_date=2024-02-01&end_date=2024-01-01")
                .assertProblem(400, "VALIDATION_FAILED"))).isNotEmpty();

        JsonNode rebalances = ok(alice.get("/api/v1/indexes/" + id + "/allocations/history"), 200);
        assertThat(rebalances.size()).isGreaterThanOrEqualTo(12);
        JsonNode midYear = ok(alice.get("/api/v1/indexes/" + id + "/allocations?date=2023-07-15"), 200);
        assertThat(LocalDate.parse(midYear.path("date").asText())).isBeforeOrEqualTo(LocalDate.of(2023, 7, 15))
                .isAfter(LocalDate.of(2023, 6, 1));
        assertThat(midYear.path("allocations").get(0).path("fill_date").asText()).isNotBlank();
        alice.get("/api/v1/indexes/" + id + "/allocations?date=2022-01-01").assertProblem(404, "INDEX_RUN_NOT_FOUND");
        assertThat(fields(alice.get("/api/v1/indexes/" + id + "/allocations").assertProblem(400, "VALIDATION_FAILED")))
                .containsExactly("date");
        assertThat(fields(alice.get("/api/v1/indexes/" + id + "/allocations?date=2023-02-30").assertProblem(400, "VALIDATION_FAILED")))
                .containsExactly("date");

        JsonNode benchmark = ok(alice.get("/api/v1/indexes/" + id + "/benchmark"), 200);
        assertThat(benchmark.path("benchmark").asText()).isEqualTo("BTC");
        assertThat(benchmark.path("points")).isNotEmpty();
        JsonNode first = benchmark.path("points").get(0);
        assertThat(first.path("benchmark").asDouble()).isCloseTo(first.path("index").asDouble(), org.assertj.core.data.Offset.offset(1e-6));
        assertThat(benchmark.path("correlation").asDouble()).isBetween(-1.0, 1.0);
        assertThat(benchmark.has("tracking_error_ann_pct")).isTrue();

        JsonNode risk = ok(alice.get("/api/v1/indexes/" + id + "/risk-metrics"), 200);
        assertThat(risk.path("rebalances").asInt()).isPositive();
        assertThat(risk.path("equity_final").asDouble()).isCloseTo(now.path("value").asDouble(), org.assertj.core.data.Offset.offset(1e-6));
        assertThat(risk.path("start").asText()).endsWith("Z");
        assertThat(risk.has("var_95_pct")).isTrue();

        // a second run while the first is done is queued again; without a benchmark there is nothing to compare with
        String plain = ok(alice.post("/api/v1/indexes", MAJORS.formatted("No benchmark").replace(",\"benchmark\":\"BTC\"", "")), 201)
                .path("id").asText();
        JsonNode plainRun = ok(alice.post("/api/v1/indexes/" + plain + "/run", null), 202);
        alice.post("/api/v1/indexes/" + plain + "/run", null).assertProblem(409, "BACKTEST_INVALID_STATE");
        assertThat(alice.awaitFinished("/api/v1/tasks/" + plainRun.path("id").asText()).path("status").asText()).isEqualTo("completed");
        assertThat(fields(alice.get("/api/v1/indexes/" + plain + "/benchmark").assertProblem(400, "VALIDATION_FAILED")))
                .containsExactly("benchmark");
    }

    @Test
    void simulationsOfAnAssetOrAnIndexAndTheirValidation() {
        JsonNode s = ok(alice.post("/api/v1/simulations", "{\"amount\":1000,\"start_date\":\"2023-06-01\",\"monthly_contribution\":100,"
                + "\"symbol\":\"BTC\"}"), 200);
        assertThat(s.path("currency").asText()).isEqualTo("USD");
        assertThat(s.path("amount").asDouble()).isEqualTo(1000.0);
        assertThat(s.path("total_contributions").asDouble()).isPositive();
        assertThat(s.path("total_invested").asDouble()).isEqualTo(1000.0 + s.path("total_contributions").asDouble());
        assertThat(s.path("value_path")).isNotEmpty();
        assertThat(s.path("value_path").get(0).path("date").asText()).isEqualTo("2023-06-01");
        assertThat(s.path("final_value").asDouble()).isPositive();
        assertThat(s.has("money_weighted_return_pct")).isTrue();

        String index = ok(alice.post("/api/v1/indexes", MAJORS.formatted("Simulated")), 201).path("id").asText();
        JsonNode inIndex = ok(alice.post("/api/v1/simulations", "{\"amount\":5000,\"start_date\":\"2023-03-01\",\"index_id\":\"" + index
                + "\"}"), 200);
        assertThat(inIndex.path("total_contributions").asDouble()).isZero();
        assertThat(inIndex.path("final_value").asDouble()).isPositive();

        assertThat(fields(alice.post("/api/v1/simulations", "{\"amount\":0,\"symbol\":\"BTC\"}").assertProblem(400, "VALIDATION_FAILED")))
                .contains("amount", "start_date");
        // a missing amount is named with the other missing fields, with a body or without
        assertThat(fields(alice.post("/api/v1/simulations", "{}").assertProblem(400, "VALIDATION_FAILED")))
                .containsExactly("amount", "start_date", "index_id");
        assertThat(fields(alice.post("/api/v1/simulations", "").assertProblem(400, "VALIDATION_FAILED")))
                .containsExactly("amount", "start_date", "index_id");
        assertThat(fields(alice.post("/api/v1/simulations", "{\"symbol\":\"BTC\"}").assertProblem(400, "VALIDATION_FAILED")))
                .containsExactly("amount", "start_date");
        JsonNode both = alice.post("/api/v1/simulations", "{\"amount\":10,\"start_date\":\"2023-06-01\",\"symbol\":\"BTC\",\"index_id\":\""
                + index + "\"}").assertProblem(400, "VALIDATION_FAILED");
        assertThat(fields(both)).isNotEmpty();
        assertThat(fields(alice.post("/api/v1/simulations", "{\"amount\":10,\"start_date\":\"2023-06-01\",\"monthly_contribution\":-5,"
                + "\"symbol\":\"BTC\"}").assertProblem(400, "VALIDATION_FAILED"))).containsExactly("monthly_contribution");
        assertThat(fields(alice.post("/api/v1/simulations", "{\"amount\":\"lots\",\"start_date\":\"2023-06-01\",\"symbol\":\"BTC\"}")
                .assertProblem(400, "VALIDATION_FAILED"))).containsExactly("amount");
        alice.post("/api/v1/simulations", "{\"amount\":10,\"start_date\":\"2023-06-01\",\"symbol\":\"NOPE\"}").assertProblem(404,
                "ASSET_NOT_FOUND");
        assertThat(fields(alice.post("/api/v1/simulations", "{\"amount\":10,\"start_date\":\"2023-06-01\",\"symbol\":\"BTC\\u0000\"}")
                .assertProblem(400, "VALIDATION_FAILED"))).containsExactly("symbol");
    }
}
