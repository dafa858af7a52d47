package dev.backtest.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backtest.server.testing.Api;
import dev.backtest.server.testing.Http;
import dev.backtest.server.testing.SecuredServer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Run history and saved reports through the real server with real tokens: routes, 404s for others' rows, content types. */
@ExtendWith(SecuredServer.class)
class ReportsApiIT {

    private SecuredServer.Handle secured;
    private Api alice;
    private Api bob;

    @BeforeEach
    void users(SecuredServer.Handle handle) {
        secured = handle;
        alice = Api.newUser(handle);
        bob = Api.newUser(handle);
    }

    private String run(String backtest) {
        Http.Reply started = alice.post("/api/v1/backtests/" + backtest + "/run", null);
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        JsonNode run = alice.awaitFinished("/api/v1/backtests/" + backtest + "/runs/" + started.json().path("id").asText());
        assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("completed");
        return run.path("id").asText();
    }

    @Test
    void everyRunOfABacktestIsListedAndReadable() {
        String id = alice.newDailyBacktest();
        assertThat(alice.get("/api/v1/backtests/" + id + "/runs").json().path("total").asInt()).isZero();
        String first = run(id);
        String second = run(id);

        Http.Reply list = alice.get("/api/v1/backtests/" + id + "/runs?limit=1");
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        assertThat(list.json().path("total").asInt()).isEqualTo(2);
        assertThat(list.json().path("items").get(0).path("id").asText()).isEqualTo(second);
        String cursor = list.json().path("next_cursor").asText();
        assertThat(alice.get("/api/v1/backtests/" + id + "/runs?limit=1&cursor=" + cursor).json().path("items").get(0).path("id")
                .asText()).isEqualTo(first);

        Http.Reply results = alice.get("/api/v1/backtests/" + id + "/runs/" + first + "/results?points=10&limit=2");
        assertThat(results.status()).as(results.body()).isEqualTo(200);
        assertThat(results.json().path("run_id").asText()).isEqualTo(first);
        assertThat(results.json().path("equity").path("time")).hasSize(10);
        Http.Reply report = alice.get("/api/v1/backtests/" + id + "/runs/" + first + "/report");
        assertThat(report.status()).as(report.body()).isEqualTo(200);
        assertThat(report.contentType()).startsWith("text/html");
        assertThat(report.header("Content-Security-Policy")).contains("default-src 'none'");
        assertThat(report.body()).startsWith("<!DOCTYPE html>").contains("id=\"equity-chart\"");

        for (String suffix : List.of("", "/results", "/report")) {
            alice.get("/api/v1/backtests/" + id + "/runs/" + UUID.randomUUID() + suffix).assertProblem(404, "RUN_NOT_FOUND");
            alice.get("/api/v1/backtests/" + id + "/runs/not-a-uuid" + suffix).assertProblem(404, "RUN_NOT_FOUND");
            bob.get("/api/v1/backtests/" + id + "/runs/" + first + suffix).assertProblem(404, "BACKTEST_NOT_FOUND");
        }
        bob.get("/api/v1/backtests/" + id + "/runs").assertProblem(404, "BACKTEST_NOT_FOUND");
        String other = alice.newDailyBacktest();
        alice.get("/api/v1/backtests/" + other + "/runs/" + first).assertProblem(404, "RUN_NOT_FOUND");
        alice.get("/api/v1/backtests/" + id + "/runs?limit=0").assertProblem(400, "VALIDATION_FAILED");
        alice.get("/api/v1/backtests/" + id + "/runs/" + first + "/results?points=many").assertProblem(400, "VALIDATION_FAILED");
    }

    @Test
    void theContractDocumentsTheNewRoutesAndTheirParameters() {
        String yaml = new Http().get(secured.server().uri("/openapi")).body();
        for (String path : List.of("/api/v1/backtests/{backtest_id}/results:", "/api/v1/backtests/{backtest_id}/runs/{run_id}/results:")) {
            int at = yaml.indexOf(path);
            assertThat(at).as(path).isNotNegative();
            assertThat(yaml.substring(at, Math.min(yaml.length(), at + 1500))).as(path).contains("#/components/parameters/Points",
                    "#/components/parameters/Limit", "#/components/parameters/Cursor");
        }
        int export = yaml.indexOf("/api/v1/reports/{report_id}/export:");
        assertThat(export).isNotNegative();
        assertThat(yaml.substring(export, Math.min(yaml.length(), export + 3000))).contains("text/csv", "text/html",
                "#/components/parameters/ReportId", "#/components/responses/ReportNotFound");
        assertThat(yaml).contains("RunPage:", "ReportPage:", "ReportContent:", "PeriodReturn:", "ReportIndex:", "ReportBenchmark:");
        int request = yaml.indexOf("    ReportRequest:");
        assertThat(request).isNotNegative();
        assertThat(yaml.substring(request, Math.min(yaml.length(), request + 2500))).contains("index_id:", "index_performance");
    }

    @Test
    void reportsAreCreatedListedExportedAndDeleted() throws IOException {
        String id = alice.newDailyBacktest();
        String runId = run(id);
        Http.Reply created = alice.post("/api/v1/reports", "{\"type\":\"period_returns\",\"backtest_id\":\"" + id + "\","
                + "\"start_date\":\"2023-03-01\",\"end_date\":\"2023-08-31\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode r = created.json();
        String report = r.path("id").asText();
        assertThat(created.header("Location")).endsWith("/api/v1/reports/" + report);
        assertThat(r.path("run_id").asText()).isEqualTo(runId);
        assertThat(r.path("source_fingerprint").asText()).hasSize(64);
        assertThat(r.path("content").path("monthly")).hasSize(6);
        assertThat(r.path("content").path("monthly").get(0).path("period").asText()).isEqualTo("2023-03");

        JsonNode list = alice.get("/api/v1/reports").json();
        assertThat(list.path("total").asInt()).isEqualTo(1);
        assertThat(list.path("items").get(0).path("content").isNull()).isTrue();
        assertThat(alice.get("/api/v1/reports/" + report).json()).isEqualTo(r);

        Http.Reply csv = alice.get("/api/v1/reports/" + report + "/export?format=csv");
        assertThat(csv.status()).as(csv.body()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.header("Content-Disposition")).isEqualTo("attachment; filename=\"report-" + report + ".csv\"");
        try (CSVParser p = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(csv.body()))) {
            List<CSVRecord> rows = p.getRecords();
            assertThat(rows).hasSize(7);
            assertThat(rows.get(0).get("period")).isEqualTo("2023-03");
            assertThat(Double.parseDouble(rows.get(0).get("return_pct")))
                    .isEqualTo(r.path("content").path("monthly").get(0).path("return_pct").asDouble());
            assertThat(rows.get(6).get("kind")).isEqualTo("year");
        }
        Http.Reply json = alice.get("/api/v1/reports/" + report + "/export?format=json");
        assertThat(json.contentType()).startsWith("application/json");
        assertThat(json.header("Content-Disposition")).isEqualTo("attachment; filename=\"report-" + report + ".json\"");
        assertThat(json.json()).isEqualTo(r);
        Http.Reply html = alice.get("/api/v1/reports/" + report + "/export");
        assertThat(html.contentType()).startsWith("text/html");
        assertThat(html.header("Content-Disposition")).isEqualTo("inline; filename=\"report-" + report + ".html\"");
        assertThat(html.header("Content-Security-Policy")).contains("default-src 'none'");
        assertThat(html.body()).startsWith("<!DOCTYPE html>").contains("id=\"returns\"", "data-period=\"2023-08\"");
        alice.get("/api/v1/reports/" + report + "/export?format=pdf").assertProblem(400, "VALIDATION_FAILED");

        JsonNode trail = alice.get("/api/v1/audit?resource_type=report").json();
        assertThat(trail.path("items").get(0).path("action").asText()).isEqualTo("report.create");

        Http.Reply summary = alice.post("/api/v1/reports", "{\"type\":\"backtest_summary\",\"backtest_id\":\"" + id + "\",\"run_id\":\""
                + runId + "\"}");
        assertThat(summary.status()).as(summary.body()).isEqualTo(201);
        Http.Reply trades = alice.get("/api/v1/reports/" + summary.json().path("id").asText() + "/export?format=csv");
        assertThat(trades.body()).startsWith("seq,entry_time,exit_time,size,entry_price,exit_price,commission,pnl,return_pct\r\n");
        assertThat(trades.body().split("\r\n")).hasSize(1 + summary.json().path("content").path("trades").size());

        assertThat(alice.delete("/api/v1/reports/" + report).status()).isEqualTo(204);
        alice.get("/api/v1/reports/" + report).assertProblem(404, "REPORT_NOT_FOUND");
    }

    @Test
    void othersReportsAndBacktestsAnswerLikeMissingOnesAndFieldsAreValidated() {
        String id = alice.newDailyBacktest();
        run(id);
        String report = alice.post("/api/v1/reports", "{\"type\":\"backtest_summary\",\"backtest_id\":\"" + id + "\"}").json()
                .path("id").asText();
        for (String path : List.of("/api/v1/reports/" + report, "/api/v1/reports/" + report + "/export?format=json",
                "/api/v1/reports/" + UUID.randomUUID(), "/api/v1/reports/not-a-uuid")) {
            bob.get(path).assertProblem(404, "REPORT_NOT_FOUND");
        }
        bob.delete("/api/v1/reports/" + report).assertProblem(404, "REPORT_NOT_FOUND");
        assertThat(bob.get("/api/v1/reports").json().path("total").asInt()).isZero();
        bob.post("/api/v1/reports", "{\"type\":\"backtest_summary\",\"backtest_id\":\"" + id + "\"}").assertProblem(404,
                "BACKTEST_NOT_FOUND");
        alice.get("/api/v1/reports/" + report).json();

        JsonNode p = alice.post("/api/v1/reports", "{\"type\":\"index_performance\",\"title\":\"" + "x".repeat(201) + "\","
                + "\"start_date\":\"2023-05-01\",\"end_date\":\"2023-04-01\"}").assertProblem(400, "VALIDATION_FAILED");
        assertThat(p.path("errors").findValuesAsText("field")).containsExactly("title", "index_id", "end_date");
        JsonNode range = alice.post("/api/v1/reports", "{\"type\":\"period_returns\",\"backtest_id\":\"" + id + "\","
                + "\"start_date\":\"2022-01-01\"}").assertProblem(400, "VALIDATION_FAILED");
        assertThat(range.path("errors").findValuesAsText("field")).containsExactly("start_date");
        alice.post("/api/v1/reports", "{\"type\":\"period_returns\",\"backtest_id\":\"" + id + "\",\"start_date\":\"2023-02-30\"}")
                .assertProblem(400, "VALIDATION_FAILED");
    }

    @Test
    void anIndexPerformanceReportIsCreatedFromAnIndexAndExported() throws IOException {
        String index = alice.post("/api/v1/indexes", "{\"name\":\"Report me\",\"universe\":[\"BTC\",\"ETH\"],\"weighting\":"
                + "\"market_cap\",\"max_weight\":0.7,\"schedule\":\"monthly\",\"benchmark\":\"BTC\",\"start_date\":\"2023-01-01\"}")
                .json().path("id").asText();
        String body = "{\"type\":\"index_performance\",\"index_id\":\"" + index + "\",\"start_date\":\"2023-03-01\","
                + "\"end_date\":\"2023-08-31\"}";
        alice.post("/api/v1/reports", body).assertProblem(404, "INDEX_RUN_NOT_FOUND");
        JsonNode task = alice.awaitFinished("/api/v1/tasks/" + alice.post("/api/v1/indexes/" + index + "/run", null).json().path("id").asText());
        assertThat(task.path("status").asText()).as(task.toString()).isEqualTo("completed");
        bob.post("/api/v1/reports", body).assertProblem(404, "INDEX_NOT_FOUND");

        Http.Reply created = alice.post("/api/v1/reports", body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode r = created.json();
        String id = r.path("id").asText();
        assertThat(created.header("Location")).endsWith("/api/v1/reports/" + id);
        assertThat(r.path("type").asText()).isEqualTo("index_performance");
        assertThat(r.path("index_id").asText()).isEqualTo(index);
        assertThat(r.path("backtest_id").isNull()).isTrue();
        assertThat(r.path("start_date").asText()).isEqualTo("2023-03-01");
        assertThat(r.path("content").path("source").isNull()).isTrue();
        assertThat(r.path("content").path("index").path("benchmark").path("symbol").asText()).isEqualTo("BTC");
        assertThat(r.path("content").path("index").path("risk_metrics").has("volatility_ann_pct")).isTrue();
        assertThat(r.path("content").path("monthly")).hasSize(6);
        int values = r.path("content").path("equity").path("equity").size();
        JsonNode history = alice.get("/api/v1/indexes/" + index + "/history?start_date=2023-03-01&end_date=2023-08-31&points=10000").json();
        assertThat(history.toString()).contains("\"value\"");

        Http.Reply csv = alice.get("/api/v1/reports/" + id + "/export?format=csv");
        assertThat(csv.status()).as(csv.body()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        try (CSVParser p = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(csv.body()))) {
            List<CSVRecord> rows = p.getRecords();
            assertThat(rows.stream().filter(x -> x.get("kind").equals("day")).count()).isEqualTo(values);
            assertThat(rows.stream().filter(x -> x.get("kind").equals("month")).map(x -> x.get("period")).toList())
                    .containsExactly("2023-03", "2023-04", "2023-05", "2023-06", "2023-07", "2023-08");
            assertThat(rows.stream().filter(x -> x.get("kind").equals("day")).findFirst().orElseThrow().get("end_equity"))
                    .isEqualTo(history.path("values").get(0).path("value").decimalValue().toPlainString());
        }
        Http.Reply html = alice.get("/api/v1/reports/" + id + "/export?format=html");
        assertThat(html.status()).as(html.body()).isEqualTo(200);
        assertThat(html.contentType()).startsWith("text/html");
        assertThat(html.header("Content-Security-Policy")).contains("default-src 'none'");
        assertThat(html.body()).contains("id=\"index-chart\"", "BTC (rebased)", "Report me");
        Http.Reply json = alice.get("/api/v1/reports/" + id + "/export?format=json");
        assertThat(json.status()).as(json.body()).isEqualTo(200);
        assertThat(json.json().path("index_id").asText()).isEqualTo(index);
        bob.get("/api/v1/reports/" + id + "/export?format=csv").assertProblem(404, "REPORT_NOT_FOUND");
    }
}
