package dev.backtest.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backtest.server.testing.Api;
import dev.backtest.server.testing.Http;
import dev.backtest.server.testing.SecuredServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs, results, progress events, cancel and parameter sweeps through the real server with real tokens. */
@ExtendWith(SecuredServer.class)
class RunsApiIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SecuredServer.Handle secured;
    private Api alice;
    private Api bob;

    @BeforeEach
    void users(SecuredServer.Handle handle) {
        secured = handle;
        alice = Api.newUser(handle);
        bob = Api.newUser(handle);
    }

    @Test
    void runCompletesAndServesResults() {
        String id = alice.newDailyBacktest();
        problem(alice.get("/api/v1/backtests/" + id + "/results"), 404, "RUN_NOT_FOUND");
        problem(alice.get("/api/v1/backtests/" + id + "/run"), 404, "RUN_NOT_FOUND");

        Http.Reply started = alice.post("/api/v1/backtests/" + id + "/run", null);
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        assertThat(started.json().path("status").asText()).isEqualTo("queued");
        assertThat(started.json().path("backtest_id").asText()).isEqualTo(id);

        JsonNode run = alice.awaitFinished("/api/v1/backtests/" + id + "/run");
        assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("completed");
        assertThat(run.path("progress").asInt()).isEqualTo(100);
        assertThat(run.path("attempts").asInt()).isEqualTo(1);
        assertThat(run.path("finished_at").asText()).endsWith("Z");

        Http.Reply reply = alice.get("/api/v1/backtests/" + id + "/results?points=20&limit=2&offset=1");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode r = reply.json();
        assertThat(r.path("run_id").asText()).isEqualTo(run.path("id").asText());
        int trades = r.path("stats").path("trades").asInt();
        assertThat(trades).isGreaterThan(2);
        assertThat(r.path("equity").path("time")).hasSize(20);
        assertThat(r.path("equity").path("equity")).hasSize(20);
        assertThat(r.path("trades").path("total").asInt()).isEqualTo(trades);
        assertThat(r.path("trades").path("items")).hasSize(2);
        assertThat(r.path("trades").path("items").get(0).path("seq").asInt()).isEqualTo(1);
        String cursor = r.path("trades").path("next_cursor").asText();
        JsonNode next = alice.get("/api/v1/backtests/" + id + "/results?points=20&limit=2&cursor=" + cursor).json();
        assertThat(next.path("trades").path("items").get(0).path("seq").asInt()).as("the page after the cursor").isEqualTo(3);

        JsonNode b = alice.get("/api/v1/backtests/" + id).json();
        assertThat(b.path("status").asText()).isEqualTo("completed");
        assertThat(b.path("metrics").path("total_trades").asInt()).isEqualTo(trades);
        assertThat(b.path("metrics").path("final_capital").asDouble())
                .isCloseTo(r.path("stats").path("equity_final").asDouble(), org.assertj.core.data.Offset.offset(1e-6));

        problem(alice.get("/api/v1/backtests/" + id + "/results?points=1"), 400, "VALIDATION_FAILED");
    }

    @Test
    void resultsExportAsCsvFilesAndRefuseBadFormats() throws Exception {
        String id = alice.newDailyBacktest();
        assertThat(alice.post("/api/v1/backtests/" + id + "/run", null).status()).isEqualTo(202);
        JsonNode run = alice.awaitFinished("/api/v1/backtests/" + id + "/run");
        assertThat(run.path("status").asText()).isEqualTo("completed");
        JsonNode r = alice.get("/api/v1/backtests/" + id + "/results?points=10000&limit=200").json();

        Http.Reply trades = alice.get("/api/v1/backtests/" + id + "/results?format=csv&part=trades");
        assertThat(trades.status()).as(trades.body()).isEqualTo(200);
        assertThat(trades.contentType()).startsWith("text/csv");
        assertThat(trades.header("Content-Disposition")).isEqualTo("attachment; filename=\"run-" + run.path("id").asText() + "-trades.csv\"");
        List<org.apache.commons.csv.CSVRecord> rows = csv(trades.body());
        assertThat(rows).hasSize(r.path("stats").path("trades").asInt()).hasSizeGreaterThan(2);
        for (int i = 0; i < rows.size(); i++) {
            JsonNode t = r.path("trades").path("items").get(i);
            assertThat(Integer.parseInt(rows.get(i).get("seq"))).isEqualTo(t.path("seq").asInt());
            assertThat(new java.math.BigDecimal(rows.get(i).get("pnl"))).isEqualByComparingTo(t.path("pnl").decimalValue());
            assertThat(Double.parseDouble(rows.get(i).get("return_pct"))).isEqualTo(t.path("return_pct").asDouble());
            assertThat(java.time.Instant.parse(rows.get(i).get("entry_time")))
                    .isEqualTo(java.time.OffsetDateTime.parse(t.path("entry_time").asText()).toInstant());
        }

        Http.Reply equity = alice.get("/api/v1/backtests/" + id + "/runs/" + run.path("id").asText() + "/results?format=csv&part=equity");
        assertThat(equity.status()).as(equity.body()).isEqualTo(200);
        List<org.apache.commons.csv.CSVRecord> points = csv(equity.body());
        assertThat(points).hasSize(r.path("equity").path("equity").size());
        assertThat(Double.parseDouble(points.get(points.size() - 1).get("equity")))
                .isEqualTo(r.path("stats").path("equity_final").asDouble());
        assertThat(equity.body()).startsWith("bar,time,equity,drawdown\r\n");
        assertThat(csv(alice.get("/api/v1/backtests/" + id + "/results?format=csv&part=equity&points=5").body())).hasSize(5);

        assertThat(alice.get("/api/v1/backtests/" + id + "/results?format=json").json().path("run_id").asText())
                .isEqualTo(run.path("id").asText());
        JsonNode bad = problem(alice.get("/api/v1/backtests/" + id + "/results?format=xml"), 400, "VALIDATION_FAILED");
        assertThat(bad.path("errors").findValuesAsText("field")).containsExactly("format");
        JsonNode noPart = problem(alice.get("/api/v1/backtests/" + id + "/results?format=csv"), 400, "VALIDATION_FAILED");
        assertThat(noPart.path("errors").findValuesAsText("field")).containsExactly("part");
        JsonNode jsonPart = problem(alice.get("/api/v1/backtests/" + id + "/results?part=trades"), 400, "VALIDATION_FAILED");
        assertThat(jsonPart.path("errors").findValuesAsText("field")).containsExactly("part");
        problem(bob.get("/api/v1/backtests/" + id + "/results?format=csv&part=trades"), 404, "BACKTEST_NOT_FOUND");
    }

    private static List<org.apache.commons.csv.CSVRecord> csv(String body) throws java.io.IOException {
        try (var p = org.apache.commons.csv.CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new java.io.StringReader(body))) {
            return p.getRecords();
        }
    }

    @Test
    void reportIsOneSelfContainedHtmlPageWithTheChartsAndTrades() {
        String id = alice.newDailyBacktest();
        problem(alice.get("/api/v1/backtests/" + id + "/report"), 404, "RUN_NOT_FOUND");
        assertThat(alice.post("/api/v1/backtests/" + id + "/run", null).status()).isEqualTo(202);
        assertThat(alice.awaitFinished("/api/v1/backtests/" + id + "/run").path("status").asText()).isEqualTo("completed");
        int trades = alice.get("/api/v1/backtests/" + id + "/results").json().path("stats").path("trades").asInt();

        Http.Reply r = alice.get("/api/v1/backtests/" + id + "/report");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/html");
        assertThat(r.header("Content-Security-Policy")).contains("default-src 'none'", "script-src 'sha256-");
        assertThat(r.body()).startsWith("<!DOCTYPE html>").contains("id=\"equity-chart\"", "id=\"drawdown-chart\"",
                "id=\"candle-chart\"", "\"label\":\"buy and hold\"", "<td>sharpe_ratio</td>", "id=\"monthly-returns\"")
                .doesNotContain("<script src");
        assertThat(r.body().replace("https://github.com/leeoniya/uPlot", "")).doesNotContain("https://");
        String table = r.body().substring(r.body().indexOf("<table id=\"trades\">"), r.body().indexOf("</table>", r.body().indexOf("<table id=\"trades\">")));
        assertThat(table.split("<tr><td>", -1).length - 1).isEqualTo(trades);
        problem(bob.get("/api/v1/backtests/" + id + "/report"), 404, "BACKTEST_NOT_FOUND");
    }

    @Test
    void eventStreamEndsWithTheFinalStatus() throws Exception {
        String id = alice.newDailyBacktest();
        assertThat(alice.post("/api/v1/backtests/" + id + "/run", null).status()).isEqualTo(202);

        Http.Reply stream = new Http().get(secured.server().uri("/api/v1/backtests/" + id + "/events"),
                "Authorization", "Bearer " + secured.tokens().hs256(alice.user), "Accept", "text/event-stream");
        List<String[]> events = Http.events(stream);
        String[] last = events.get(events.size() - 1);
        assertThat(last[0]).isEqualTo("completed");
        JsonNode data = JSON.readTree(last[1]);
        assertThat(data.path("status").asText()).isEqualTo("completed");
        assertThat(data.path("progress").asInt()).isEqualTo(100);
        assertThat(events.subList(0, events.size() - 1)).allSatisfy(e -> assertThat(e[0]).isEqualTo("progress"));

        problem(bob.get("/api/v1/backtests/" + id + "/events"), 404, "BACKTEST_NOT_FOUND");
    }

    @Test
    void cancelStopsTheRunOrFindsItFinished() {
        String id = alice.newDailyBacktest();
        problem(alice.post("/api/v1/backtests/" + id + "/cancel", null), 404, "RUN_NOT_FOUND");
        assertThat(alice.post("/api/v1/backtests/" + id + "/run", null).status()).isEqualTo(202);
        Http.Reply cancel = alice.post("/api/v1/backtests/" + id + "/cancel", null);
        assertThat(cancel.status()).as(cancel.body()).isEqualTo(200);

        JsonNode run = alice.awaitFinished("/api/v1/backtests/" + id + "/run");
        // The workers may have finished the run before the cancel arrived; otherwise it is cancelled.
        String status = run.path("status").asText();
        assertThat(status).isIn("cancelled", "completed");
        assertThat(alice.get("/api/v1/backtests/" + id).json().path("status").asText()).isEqualTo(status);
        if (status.equals("cancelled")) {
            assertThat(run.path("cancel_requested").asBoolean()).isTrue();
            problem(alice.get("/api/v1/backtests/" + id + "/results"), 404, "RUN_NOT_FOUND");
        }
        // Cancelling a finished run changes nothing.
        assertThat(alice.post("/api/v1/backtests/" + id + "/cancel", null).json().path("status").asText()).isEqualTo(status);
    }

    @Test
    void optimizeReturnsTheBestParameterSetsInOrder() {
        String id = alice.newDailyBacktest();
        Http.Reply reply = alice.post("/api/v1/backtests/" + id + "/optimize",
                "{\"grid\":{\"fast\":[3,5,8,10,30],\"slow\":[15,20,30]},\"constraint\":\"fast < slow\",\"metric\":\"return_pct\",\"top\":4}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode r = reply.json();
        assertThat(r.path("grid_size").asInt()).isEqualTo(15);
        assertThat(r.path("evaluated").asInt()).isEqualTo(12);
        assertThat(r.path("metric").asText()).isEqualTo("return_pct");
        JsonNode results = r.path("results");
        assertThat(results).hasSize(4);
        double previous = Double.POSITIVE_INFINITY;
        for (JsonNode e : results) {
            assertThat(e.path("parameters").path("fast").asInt()).isLessThan(e.path("parameters").path("slow").asInt());
            assertThat(e.path("parameters").path("direction").asText()).isEqualTo("long_short");
            double metric = e.path("metric").asDouble();
            assertThat(metric).isEqualTo(e.path("stats").path("return_pct").asDouble()).isLessThanOrEqualTo(previous);
            previous = metric;
        }
    }

    @Test
    void optimizeRefusesLargeGridsAndBadConstraints() {
        String id = alice.newDailyBacktest();
        JsonNode tooLarge = problem(alice.post("/api/v1/backtests/" + id + "/optimize", Api.GRID_OVER_DEFAULT_LIMIT), 422,
                "GRID_TOO_LARGE");
        assertThat(tooLarge.path("detail").asText()).contains("10100").contains("10000");

        problem(alice.post("/api/v1/backtests/" + id + "/optimize",
                "{\"grid\":{\"fast\":[5]},\"constraint\":\"fast < slow; System.exit(0)\"}"), 400, "VALIDATION_FAILED");
        problem(alice.post("/api/v1/backtests/" + id + "/optimize",
                "{\"grid\":{\"fast\":[5]},\"constraint\":\"fast < colour\"}"), 400, "VALIDATION_FAILED");
        problem(alice.post("/api/v1/backtests/" + id + "/optimize", "{\"grid\":{\"colour\":[1]}}"), 400, "VALIDATION_FAILED");
        problem(alice.post("/api/v1/backtests/" + id + "/optimize", "{\"grid\":{}}"), 400, "VALIDATION_FAILED");
    }

    @Test
    void anotherUsersBacktestIsNotFoundOnEveryRunRoute() {
        String id = alice.newDailyBacktest();
        String base = "/api/v1/backtests/" + id;
        problem(bob.post(base + "/run", null), 404, "BACKTEST_NOT_FOUND");
        assertThat(alice.post(base + "/run", null).status()).isEqualTo(202);
        alice.awaitFinished("/api/v1/backtests/" + id + "/run");
        problem(bob.get(base + "/run"), 404, "BACKTEST_NOT_FOUND");
        problem(bob.post(base + "/cancel", null), 404, "BACKTEST_NOT_FOUND");
        problem(bob.get(base + "/results"), 404, "BACKTEST_NOT_FOUND");
        problem(bob.post(base + "/optimize", "{\"grid\":{\"fast\":[5]}}"), 404, "BACKTEST_NOT_FOUND");
        problem(bob.get("/api/v1/backtests/not-a-uuid/run"), 404, "BACKTEST_NOT_FOUND");
        assertThat(alice.get(base + "/results").status()).isEqualTo(200);
    }

    private static JsonNode problem(Http.Reply r, int status, String code) {
        return r.assertProblem(status, code);
    }
}
