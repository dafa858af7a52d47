package dev.backtest.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.backtest.server.testing.Http;
import dev.backtest.server.testing.ServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin's market-data routes on a real server (embedded, development mode: the development user is an
 * administrator) with Yahoo Finance enabled and served by WireMock: a refresh in the background followed through the
 * task view, daily bars served for days, weeks and months only, uploads of CSV and Parquet files with their own size
 * limit, and bad requests that change nothing.
 */
class MarketDataAdminIT {

    private static final int UPLOAD_LIMIT = 8192;
    private static final int BODY_LIMIT = 1024;
    /** Five New York sessions (09:30 = 14:30 UTC), 2025-01-27 to 2025-01-31. */
    private static final long[] SESSIONS = {1737988200L, 1738074600L, 1738161000L, 1738247400L, 1738333800L};

    @TempDir
    static Path dir;
    private static WireMockServer yahoo;
    private static ServerProcess server;
    private final Http http = new Http();

    @BeforeAll
    static void start() {
        yahoo = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        yahoo.start();
        yahoo.stubFor(get(urlPathEqualTo("/v8/finance/chart/SPY")).willReturn(okJson("""
                {"chart":{"result":[{"meta":{"currency":"USD","symbol":"SPY","exchangeTimezoneName":"America/New_York"},
                "timestamp":%s,"indicators":{"quote":[{"open":[600.1,601.2,602.3,603.4,604.5],"high":[605,606,607,608,609],
                "low":[595,596,597,598,599],"close":[601,602,603,604,605],"volume":[1000,2000,3000,4000,5000]}],
                "adjclose":[{"adjclose":[600,601,602,603,604]}]}}],"error":null}}""".formatted(java.util.Arrays.toString(SESSIONS)))));
        server = ServerProcess.start("market-data-admin", dir.resolve("server"), Map.of(
                "DATA_SOURCES", "yahoo",
                "YAHOO_BASE_URL", "http://127.0.0.1:" + yahoo.port(),
                "REFRESH_SYMBOLS", "SPY:yahoo@1d",
                "SKIP_STARTUP_REFRESH", "true",
                "HTTP_MAX_BODY_BYTES", Integer.toString(BODY_LIMIT),
                "HTTP_MAX_UPLOAD_BYTES", Integer.toString(UPLOAD_LIMIT)));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        yahoo.stop();
    }

    private Http.Reply post(String path, String body, String contentType) {
        return http.send("POST", server.uri(path), body, "Content-Type", contentType);
    }

    private JsonNode awaitFinished(String taskId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            JsonNode task = http.get(server.uri("/api/v1/tasks/" + taskId)).json();
            if (!task.path("finished_at").isNull() || System.nanoTime() > deadline) {
                return task;
            }
            sleep();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theWatchlistIsRefreshedInTheBackgroundAndServedAsDailyBars() {
        assertThat(yahoo.findAll(getRequestedFor(urlPathEqualTo("/v8/finance/chart/SPY")))).as("no refresh on start").isEmpty();

        Http.Reply started = post("/api/v1/admin/refresh", "{}", "application/json");

        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String id = started.json().path("id").asText();
        assertThat(started.header("Location")).endsWith("/api/v1/tasks/" + id);
        assertThat(started.json().path("kind").asText()).isEqualTo("refresh");
        JsonNode done = awaitFinished(id);
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("completed");
        assertThat(done.path("progress").asInt()).isEqualTo(100);
        assertThat(done.path("label").asText()).isEqualTo("SPY");

        JsonNode days = http.get(server.uri("/api/v1/ohlcv/data?symbol=SPY&start_date=2025-01-01&end_date=2025-01-31&timeframe=1d")).json();
        assertThat(days.path("count").asInt()).as(days.toString()).isEqualTo(5);
        JsonNode weeks = http.get(server.uri("/api/v1/ohlcv/data?symbol=SPY&start_date=2025-01-01&end_date=2025-01-31&timeframe=1w")).json();
        assertThat(weeks.path("count").asInt()).as(weeks.toString()).isEqualTo(1);
        JsonNode finer = http.get(server.uri("/api/v1/ohlcv/data?symbol=SPY&start_date=2025-01-01&end_date=2025-01-31&timeframe=1h"))
                .assertProblem(400, "INVALID_TIMEFRAME");
        assertThat(finer.path("detail").asText()).contains("1d", "1w", "1M");
        JsonNode coverage = http.get(server.uri("/api/v1/ohlcv/symbols/SPY/coverage?start_date=2025-01-25&end_date=2025-02-02")).json();
        assertThat(coverage.path("resolutions").get(0).path("source_resolution").asText()).isEqualTo("1D");
        assertThat(coverage.path("resolutions").get(0).path("days_with_data").asInt()).isEqualTo(5);

        JsonNode tasks = http.get(server.uri("/api/v1/tasks?kind=refresh")).json();
        assertThat(tasks.path("items").findValuesAsText("id")).contains(id);
        JsonNode audit = http.get(server.uri("/api/v1/admin/audit?resource_type=market_data&limit=50")).json();
        assertThat(audit.path("items").findValuesAsText("resource_id")).contains(id);
    }

    @Test
    void namedSymbolsAreCheckedBeforeAnythingStarts() {
        JsonNode p = post("/api/v1/admin/refresh", "{\"symbols\":[{\"symbol\":\"spy\",\"source\":\"bloomberg\",\"resolution\":\"5m\"},"
                + "{\"symbol\":\"X\",\"source\":\"file\",\"provider_symbol\":\"/etc/passwd.csv\"}]}", "application/json")
                .assertProblem(400, "VALIDATION_FAILED");
        assertThat(p.path("errors").findValuesAsText("field")).containsExactly("symbols[0].symbol", "symbols[0].source",
                "symbols[0].resolution", "symbols[1].source");
        assertThat(p.path("errors").get(1).path("message").asText()).contains("enabled: yahoo");

        String many = "{\"symbols\":[" + String.join(",", java.util.Collections.nCopies(501, "{\"symbol\":\"SPY\",\"source\":\"yahoo\"}"))
                + "]}";
        assertThat(many.length()).isGreaterThan(BODY_LIMIT);
        post("/api/v1/admin/refresh", many, "application/json").assertProblem(413, "PAYLOAD_TOO_LARGE");
        post("/api/v1/admin/refresh", "{\"symbols\":[{\"symbol\":\"SPY\",\"source\":\"yahoo\"}", "application/json")
                .assertProblem(400, "VALIDATION_FAILED");
        JsonNode tasks = http.get(server.uri("/api/v1/tasks?kind=refresh&status=failed")).json();
        assertThat(tasks.path("items").size()).as("no refresh was recorded for a refused request").isZero();
    }

    @Test
    void csvAndParquetUploadsAreImportedAndBadOnesChangeNothing() throws Exception {
        StringBuilder csv = new StringBuilder("time,open,high,low,close,volume\n");
        long t0 = Instant.parse("2024-06-03T10:00:00Z").getEpochSecond();
        for (int i = 0; i < 60; i++) {
            csv.append(t0 + 60L * i).append(",10,11,9,10.5,").append(i).append('\n');
        }
        assertThat(csv.length()).as("larger than any JSON body may be, within the upload limit").isBetween(BODY_LIMIT + 1, UPLOAD_LIMIT);

        Http.Reply imported = post("/api/v1/admin/ohlcv/UPL/import", csv.toString(), "text/csv");

        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        assertThat(imported.json().path("rows_read").asInt()).isEqualTo(60);
        assertThat(imported.json().path("objects_written").get(0).asText()).isEqualTo("ohlcv/1Y/symbol=UPL/year=2024/UPL_2024.parquet");
        String range = "/api/v1/ohlcv/data?symbol=UPL&start_date=2024-06-03&end_date=2024-06-04&timeframe=1m";
        assertThat(http.get(server.uri(range)).json().path("count").asInt()).isEqualTo(60);

        // a bad row: refused with the row named, nothing stored changes
        JsonNode bad = post("/api/v1/admin/ohlcv/UPL/import", "time,open,high,low,close\n" + (t0 + 3600) + ",10,9,11,10\n", "text/csv")
                .assertProblem(400, "VALIDATION_FAILED");
        assertThat(bad.toString()).contains("row 1");
        post("/api/v1/admin/ohlcv/UPL/import", "x".repeat(UPLOAD_LIMIT + 1), "text/csv").assertProblem(413, "PAYLOAD_TOO_LARGE");
        post("/api/v1/admin/ohlcv/UPL/import", "", "text/csv").assertProblem(400, "VALIDATION_FAILED");
        post("/api/v1/admin/ohlcv/upl..x/import", csv.toString(), "text/csv").assertProblem(400, "INVALID_SYMBOL");
        assertThat(post("/api/v1/admin/ohlcv/UPL/import", "{}", "application/json").status()).isEqualTo(415);
        assertThat(http.get(server.uri(range)).json().path("count").asInt()).isEqualTo(60);

        // Parquet, the next hour: merged beside the first
        Path parquet = dir.resolve("upl.parquet");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("COPY (SELECT to_timestamp(" + (t0 + 3600) + " + 60 * i) AS time, 20.0 AS open, 21.0 AS high, 19.0 AS low, "
                    + "20.5 AS close, 1.0 AS volume FROM range(30) t(i)) TO '" + parquet + "' (FORMAT PARQUET)");
        }
        Http.Reply fromParquet = http.sendBytes("POST", server.uri("/api/v1/admin/ohlcv/UPL/import"), Files.readAllBytes(parquet),
                "Content-Type", "application/vnd.apache.parquet");
        assertThat(fromParquet.status()).as(fromParquet.body()).isEqualTo(200);
        assertThat(fromParquet.json().path("rows_written_per_year").path("2024").asInt()).isEqualTo(90);
        assertThat(http.get(server.uri("/api/v1/ohlcv/data?symbol=UPL&start_date=2024-06-03&end_date=2024-06-04&timeframe=1h"))
                .json().path("count").asInt()).isEqualTo(2);

        List<String> imports = new ArrayList<>();
        http.get(server.uri("/api/v1/tasks?kind=import")).json().path("items")
                .forEach(t -> imports.add(t.path("status").asText() + " " + t.path("label").asText()));
        assertThat(imports).contains("completed UPL", "failed UPL");
        JsonNode audit = http.get(server.uri("/api/v1/admin/audit?resource_type=market_data&limit=50")).json();
        assertThat(audit.path("items").findValuesAsText("action")).contains("admin.market_data.import");
    }
}
