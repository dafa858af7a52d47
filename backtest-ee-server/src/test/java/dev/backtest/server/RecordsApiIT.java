package dev.backtest.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backtest.server.testing.Api;
import dev.backtest.server.testing.Http;
import dev.backtest.server.testing.SecuredServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.UUID;

import static dev.backtest.server.testing.Http.fields;
import static org.assertj.core.api.Assertions.assertThat;

/** Every records endpoint through the real server on PostgreSQL with real tokens: success, errors, and isolation between users. */
@ExtendWith(SecuredServer.class)
class RecordsApiIT {

    private SecuredServer.Handle secured;
    private Api alice;
    private Api bob;

    @BeforeEach
    void users(SecuredServer.Handle handle) {
        secured = handle;
        alice = Api.newUser(handle);
        bob = new Api(handle.server(), UUID.randomUUID(), handle.tokens()::es256);
    }

    private static JsonNode created(Http.Reply r) {
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    private static String backtestJson(String name, String strategy) {
        return "{\"name\":\"" + name + "\",\"strategy\":" + (strategy == null ? "null" : "\"" + strategy + "\"")
                + ",\"symbol\":\"BTC\",\"timeframe\":\"1h\",\"start_date\":\"2024-01-01\",\"end_date\":\"2024-06-30\","
                + "\"initial_capital\":1000,\"commission\":0.001,\"parameters\":{}}";
    }

    private static String tradeJson(String backtest, String side, String qty, String price, String at) {
        return "{\"backtest_id\":\"" + backtest + "\",\"symbol\":\"BTC\",\"side\":\"" + side + "\",\"quantity\":" + qty
                + ",\"price\":" + price + ",\"executed_at\":\"" + at + "\",\"commission\":1}";
    }

    @Test
    void strategiesCrudWithValidationAndIsolation() {
        JsonNode s = created(alice.post("/api/v1/strategies",
                "{\"name\":\"Cross\",\"description\":\"d\",\"type\":\"sma_cross\",\"parameters\":{\"fast\":5},\"is_public\":false}"));
        String id = s.path("id").asText();
        assertThat(s.path("parameters").path("slow").asInt()).isEqualTo(30);
        assertThat(s.path("is_public").asBoolean()).isFalse();
        assertThat(s.path("created_at").asText()).endsWith("Z");

        assertThat(alice.get("/api/v1/strategies/" + id).json().path("name").asText()).isEqualTo("Cross");
        JsonNode list = alice.get("/api/v1/strategies?limit=10&sort=name").json();
        assertThat(list.path("total").asInt()).isEqualTo(1);
        assertThat(list.path("limit").asInt()).isEqualTo(10);
        assertThat(list.path("items").get(0).path("id").asText()).isEqualTo(id);

        // errors
        assertThat(fields(problem(alice.post("/api/v1/strategies", "{\"name\":\"x\",\"type\":\"sma_cross\",\"parameters\":{\"fast\":50,\"slow\":20}}"),
                400, "VALIDATION_FAILED"))).containsExactly("parameters.fast");
        assertThat(fields(problem(alice.post("/api/v1/strategies", "{\"name\":\"x\",\"type\":\"sma_cross\",\"colour\":\"red\"}"),
                400, "VALIDATION_FAILED"))).containsExactly("colour");
        assertThat(fields(problem(alice.post("/api/v1/strategies", "{\"name\":\"x\",\"type\":\"sma_cross\",\"is_public\":\"maybe\"}"),
                400, "VALIDATION_FAILED"))).containsExactly("is_public");
        problem(alice.post("/api/v1/strategies", "{not json"), 400, "VALIDATION_FAILED");
        assertThat(fields(problem(alice.post("/api/v1/strategies", "{}"), 400, "VALIDATION_FAILED"))).contains("name", "type");
        problem(alice.post("/api/v1/strategies", "{\"name\":\"Cross\",\"type\":\"buy_and_hold\"}"), 409, "DUPLICATE_NAME");
        assertThat(fields(problem(alice.get("/api/v1/strategies?limit=500"), 400, "VALIDATION_FAILED"))).containsExactly("limit");

        // bob: a foreign id is exactly like a missing one on every route
        String missing = UUID.randomUUID().toString();
        for (String target : List.of(id, missing)) {
            JsonNode get = problem(bob.get("/api/v1/strategies/" + target), 404, "STRATEGY_NOT_FOUND");
            assertThat(get.path("detail").asText()).isEqualTo("strategy " + target + " does not exist");
            problem(bob.put("/api/v1/strategies/" + target, "{\"name\":\"mine\"}"), 404, "STRATEGY_NOT_FOUND");
            problem(bob.delete("/api/v1/strategies/" + target), 404, "STRATEGY_NOT_FOUND");
        }
        problem(bob.get("/api/v1/strategies/not-a-uuid"), 404, "STRATEGY_NOT_FOUND");
        assertThat(bob.get("/api/v1/strategies?include_public=true").json().path("items").toString()).doesNotContain(id);

        // public: listed for bob with include_public, readable, still read-only
        assertThat(alice.put("/api/v1/strategies/" + id, "{\"is_public\":true}").json().path("is_public").asBoolean()).isTrue();
        assertThat(bob.get("/api/v1/strategies?include_public=true").json().path("items").toString()).contains(id);
        assertThat(bob.get("/api/v1/strategies").json().path("items").toString()).doesNotContain(id);
        assertThat(bob.get("/api/v1/strategies/" + id).json().path("owned").asBoolean()).isFalse();
        problem(bob.put("/api/v1/strategies/" + id, "{\"name\":\"mine\"}"), 404, "STRATEGY_NOT_FOUND");
        problem(bob.delete("/api/v1/strategies/" + id), 404, "STRATEGY_NOT_FOUND");

        // soft delete
        assertThat(alice.delete("/api/v1/strategies/" + id).status()).isEqualTo(204);
        problem(alice.get("/api/v1/strategies/" + id), 404, "STRATEGY_NOT_FOUND");
        assertThat(alice.get("/api/v1/strategies").json().path("total").asInt()).isZero();
        assertThat(alice.get("/api/v1/users").json().path("strategy_count").asInt()).isZero();
    }

    @Test
    void backtestsCrudStatesAndIsolation() throws Exception {
        created(alice.post("/api/v1/strategies", "{\"name\":\"Alice S\",\"type\":\"ema_cross\"}"));
        JsonNode b = created(alice.post("/api/v1/backtests", backtestJson("first", "Alice S")));
        String id = b.path("id").asText();
        assertThat(b.path("status").asText()).isEqualTo("draft");
        assertThat(b.path("strategy_name").asText()).isEqualTo("Alice S");
        assertThat(b.path("initial_capital").decimalValue()).isEqualByComparingTo("1000");
        assertThat(b.path("start_date").asText()).isEqualTo("2024-01-01");
        assertThat(b.path("metrics").path("total_trades").asInt()).isZero();
        assertThat(b.path("metrics").has("sharpe_ratio")).isTrue();

        assertThat(fields(problem(alice.post("/api/v1/backtests", "{\"name\":\"\",\"symbol\":\"btc/x\",\"timeframe\":\"7m\","
                + "\"start_date\":\"2024-02-01\",\"end_date\":\"2024-01-01\",\"initial_capital\":0,\"commission\":0.5}"), 400,
                "VALIDATION_FAILED"))).containsExactlyInAnyOrder("name", "symbol", "timeframe", "end_date", "initial_capital", "commission");
        assertThat(fields(problem(alice.post("/api/v1/backtests", backtestJson("x", null).replace("2024-01-01", "01/02/2024")), 400,
                "VALIDATION_FAILED"))).containsExactly("start_date");
        assertThat(fields(problem(alice.post("/api/v1/backtests", backtestJson("x", null).replace("1000", "\"NaN\"")), 400,
                "VALIDATION_FAILED"))).containsExactly("initial_capital");
        assertThat(fields(problem(alice.post("/api/v1/backtests", backtestJson("x", null).replace("1000", "1e13")), 400,
                "VALIDATION_FAILED"))).containsExactly("initial_capital");
        assertThat(fields(problem(bob.post("/api/v1/backtests", backtestJson("x", "Alice S")), 400, "VALIDATION_FAILED")))
                .containsExactly("strategy");

        JsonNode updated = alice.put("/api/v1/backtests/" + id, "{\"name\":\"renamed\",\"timeframe\":\"1d\"}").json();
        assertThat(updated.path("name").asText()).isEqualTo("renamed");
        assertThat(updated.path("timeframe").asText()).isEqualTo("1d");
        JsonNode list = alice.get("/api/v1/backtests?limit=1").json();
        assertThat(list.path("total").asInt()).isEqualTo(1);
        assertThat(list.path("next_cursor").isNull()).isTrue();

        String missing = UUID.randomUUID().toString();
        for (String target : List.of(id, missing)) {
            JsonNode get = problem(bob.get("/api/v1/backtests/" + target), 404, "BACKTEST_NOT_FOUND");
            assertThat(get.path("detail").asText()).isEqualTo("backtest " + target + " does not exist");
            problem(bob.put("/api/v1/backtests/" + target, "{\"name\":\"mine\"}"), 404, "BACKTEST_NOT_FOUND");
            problem(bob.delete("/api/v1/backtests/" + target), 404, "BACKTEST_NOT_FOUND");
            problem(bob.get("/api/v1/trades/backtest/" + target), 404, "BACKTEST_NOT_FOUND");
            problem(bob.post("/api/v1/trades", tradeJson(target, "buy", "1", "1", "2024-02-01T00:00:00Z")), 404, "BACKTEST_NOT_FOUND");
        }
        assertThat(bob.get("/api/v1/backtests").json().path("total").asInt()).isZero();
        assertThat(bob.get("/items").json()).isEmpty();
        assertThat(alice.get("/items").json().get(0).path("id").asText()).isEqualTo(id);

        setStatus(id, "running");
        JsonNode busy = problem(alice.put("/api/v1/backtests/" + id, "{\"name\":\"no\"}"), 409, "BACKTEST_INVALID_STATE");
        // the backtest's state must not overwrite the problem's own status member
        assertThat(busy.path("status").asInt()).isEqualTo(409);
        assertThat(busy.path("backtest_status").asText()).isEqualTo("running");
        problem(alice.delete("/api/v1/backtests/" + id), 409, "BACKTEST_INVALID_STATE");
        setStatus(id, "queued");
        problem(alice.delete("/api/v1/backtests/" + id), 409, "BACKTEST_INVALID_STATE");
        setStatus(id, "failed");
        assertThat(alice.delete("/api/v1/backtests/" + id).status()).isEqualTo(204);
        problem(alice.get("/api/v1/backtests/" + id), 404, "BACKTEST_NOT_FOUND");
        assertThat(alice.get("/api/v1/backtests").json().path("total").asInt()).isZero();
        assertThat(alice.get("/items").json()).isEmpty();
    }

    @Test
    void tradesMoveTheBacktestAtomicallyAndReportShortfalls() {
        String id = created(alice.post("/api/v1/backtests", backtestJson("trading", null))).path("id").asText();
        JsonNode buy = created(alice.post("/api/v1/trades", tradeJson(id, "buy", "2", "100", "2024-02-01T10:00:00Z")));
        assertThat(buy.path("trade").path("side").asText()).isEqualTo("buy");
        assertThat(buy.path("trade").path("executed_at").asText()).isEqualTo("2024-02-01T10:00:00Z");
        assertThat(buy.path("backtest").path("cash").decimalValue()).isEqualByComparingTo("799");
        JsonNode sell = created(alice.post("/api/v1/trades", tradeJson(id, "sell", "1", "150", "2024-02-02T10:00:00+02:00")));
        assertThat(sell.path("backtest").path("metrics").path("total_trades").asInt()).isEqualTo(2);
        assertThat(sell.path("backtest").path("metrics").path("win_rate_pct").asDouble()).isEqualTo(100.0);
        assertThat(sell.path("backtest").path("metrics").path("final_capital").decimalValue()).isEqualByComparingTo("1098");

        JsonNode capital = problem(alice.post("/api/v1/trades", tradeJson(id, "buy", "100", "100", "2024-02-03T00:00:00Z")), 422,
                "INSUFFICIENT_CAPITAL");
        assertThat(capital.path("required").decimalValue()).isEqualByComparingTo("10001");
        assertThat(capital.path("available").decimalValue()).isEqualByComparingTo("948");
        problem(alice.post("/api/v1/trades", tradeJson(id, "sell", "5", "100", "2024-02-03T00:00:00Z")), 422, "INSUFFICIENT_POSITION");
        assertThat(fields(problem(alice.post("/api/v1/trades", tradeJson(id, "hold", "-1", "0", "yesterday")), 400, "VALIDATION_FAILED")))
                .containsExactly("executed_at");
        assertThat(fields(problem(alice.post("/api/v1/trades", tradeJson(id, "hold", "-1", "0", "2024-02-03T00:00:00Z")), 400,
                "VALIDATION_FAILED"))).containsExactlyInAnyOrder("side", "quantity", "price");

        JsonNode trades = alice.get("/api/v1/trades/backtest/" + id + "?sort=created_at").json();
        assertThat(trades.path("total").asInt()).isEqualTo(2);
        assertThat(trades.path("items").get(0).path("side").asText()).isEqualTo("buy");
        assertThat(trades.path("items").get(1).path("executed_at").asText()).isEqualTo("2024-02-02T08:00:00Z");
        JsonNode me = alice.get("/api/v1/users").json();
        assertThat(me.path("id").asText()).isEqualTo(alice.user.toString());
        assertThat(me.path("backtest_count").asInt()).isEqualTo(1);
    }

    private void setStatus(String backtestId, String status) throws Exception {
        try (Connection c = DriverManager.getConnection(secured.databaseUrl());
             PreparedStatement s = c.prepareStatement("UPDATE backtests SET status = ? WHERE id = ?::uuid")) {
            s.setString(1, status);
            s.setString(2, backtestId);
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
    }

    private static JsonNode problem(Http.Reply r, int status, String code) {
        return r.assertProblem(status, code);
    }
}
