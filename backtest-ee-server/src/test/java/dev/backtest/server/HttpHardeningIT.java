package dev.backtest.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backtest.sdk.report.Reports;
import dev.backtest.sdk.testing.Await;
import dev.backtest.server.testing.Api;
import dev.backtest.server.testing.ServerProcess;
import dev.backtest.server.testing.SharedServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP hardening of the uber-jar on embedded defaults: security headers on every kind of response, W3C trace
 * context, gzip, {@code /openapi.json} and {@code /redoc}; and, on one extra server, {@code PORT} from the environment
 * (no {@code --port}), {@code HSTS_MAX_AGE=0} and an event stream that stays uncompressed and streams.
 */
@ExtendWith(SharedServer.class)
class HttpHardeningIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String YEAR_1H = "/api/v1/ohlcv/data?symbol=BTC&start_date=2024-01-01&end_date=2024-12-31&timeframe=1h";
    private static final String VALID_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String TRACEPARENT = "00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}";

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private ServerProcess server;

    @BeforeEach
    void server(ServerProcess shared) {
        server = shared;
    }

    /** A response with its body as bytes, as sent (not decompressed). */
    record Raw(int status, HttpHeaders headers, byte[] body) {
        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        List<String> all(String name) {
            return headers.allValues(name);
        }

        String contentType() {
            return header("Content-Type");
        }

        boolean gzipped() {
            return "gzip".equals(header("Content-Encoding"));
        }

        /** The body, decompressed when it was sent compressed. */
        String text() {
            try {
                byte[] bytes = gzipped() ? new GZIPInputStream(new ByteArrayInputStream(body)).readAllBytes() : body;
                return new String(bytes, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        JsonNode json() {
            try {
                return JSON.readTree(text());
            } catch (IOException e) {
                throw new UncheckedIOException(text(), e);
            }
        }
    }

    private Raw get(String path, String... headers) {
        return send(server, "GET", path, null, headers);
    }

    private Raw send(ServerProcess target, String method, String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(target.uri(path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Raw(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void assertHeadersOfEveryResponse(Raw r, String what, boolean hsts) {
        assertSecurityHeaders(r, what, hsts);
        assertThat(r.header("X-Request-ID")).as(what).isNotBlank();
        assertThat(r.header("traceparent")).as(what).matches(TRACEPARENT);
    }

    private static void assertSecurityHeaders(Raw r, String what, boolean hsts) {
        assertThat(r.header("X-Content-Type-Options")).as(what).isEqualTo("nosniff");
        assertThat(r.header("Referrer-Policy")).as(what).isEqualTo("no-referrer");
        assertThat(r.all("Content-Security-Policy")).as(what).hasSize(1);
        assertThat(r.header("Content-Security-Policy")).as(what).contains("frame-ancestors 'none'");
        if (hsts) {
            assertThat(r.header("Strict-Transport-Security")).as(what).isEqualTo("max-age=31536000; includeSubDomains");
        } else {
            assertThat(r.header("Strict-Transport-Security")).as(what).isNull();
        }
    }

    // --- security headers

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/|200|application/json",
            "/api/v1/health/|200|application/json",
            "/api/v1/ohlcv/data?symbol=NOPE&start_date=2024-01-01&end_date=2024-01-02&timeframe=1h|404|application/problem+json",
            "/api/v1/ohlcv/data?symbol=BTC&start_date=2024-01-02&end_date=2024-01-01&timeframe=1h|400|application/problem+json",
            "/api/v1/nope|404|application/problem+json",
            "/WEB-INF/web.xml|404|application/problem+json",
            "/META-INF/MANIFEST.MF|404|application/problem+json",
            "/openapi|200|text/plain",
            "/openapi.json|200|application/json",
            "/health/ready|200|application/json",
            "/metrics|200|text/plain",
            "/docs/swagger-ui.css|200|text/css",
            "/redoc/redoc.standalone.js|200|text/javascript"})
    void nonHtmlResponsesMayLoadNothingAndCarryTheSecurityHeaders(String path, int status, String type) {
        Raw r = get(path);
        assertThat(r.status()).as(path).isEqualTo(status);
        assertThat(r.contentType()).as(path).startsWith(type);
        assertHeadersOfEveryResponse(r, path, true);
        assertThat(r.header("Content-Security-Policy")).as(path).isEqualTo("default-src 'none'; frame-ancestors 'none'");
    }

    @Test
    void csvCarriesTheSecurityHeaders() {
        Raw r = get("/api/v1/ohlcv/data?symbol=BTC&start_date=2024-01-01&end_date=2024-01-02&timeframe=1h", "Accept", "text/csv");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/csv");
        assertHeadersOfEveryResponse(r, "csv", true);
        assertThat(r.header("Content-Security-Policy")).isEqualTo("default-src 'none'; frame-ancestors 'none'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/docs", "/redoc"})
    void htmlPagesGetAPolicyThatLetsThemLoadFromThisServerOnly(String path) {
        Raw r = get(path);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/html");
        assertHeadersOfEveryResponse(r, path, true);
        assertThat(r.header("Content-Security-Policy")).contains("default-src 'self'", "script-src 'self'", "object-src 'none'")
                .doesNotContain("unsafe-eval").doesNotContain("http");
        assertThat(r.text()).doesNotContain("https://").doesNotContain("<script>");
    }

    @Test
    void theRunReportKeepsItsOwnStricterPolicyAndIsNeverFramed() {
        Api api = new Api(server, UUID.randomUUID(), null);
        String id = api.newDailyBacktest();
        assertThat(api.post("/api/v1/backtests/" + id + "/run", null).status()).isEqualTo(202);
        assertThat(api.awaitFinished("/api/v1/backtests/" + id + "/run").path("status").asText()).isEqualTo("completed");

        Raw r = get("/api/v1/backtests/" + id + "/report", "Accept-Encoding", "gzip");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/html");
        assertHeadersOfEveryResponse(r, "report", true);
        assertThat(r.header("Content-Security-Policy")).isEqualTo(Reports.contentSecurityPolicy() + "; frame-ancestors 'none'")
                .startsWith("default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-");
        assertThat(r.gzipped()).as("a report is far over 1 KiB").isTrue();
        assertThat(r.text()).startsWith("<!DOCTYPE html>").contains("id=\"equity-chart\"");
        assertThat(r.text()).isEqualTo(get("/api/v1/backtests/" + id + "/report").text());
    }

    @Test
    void aMethodNotAllowedAndACorsPreflightCarryTheHeadersToo() {
        Raw notAllowed = send(server, "DELETE", "/api/v1/health/detailed", null);
        assertThat(notAllowed.status()).isEqualTo(405);
        assertHeadersOfEveryResponse(notAllowed, "405", true);
        Raw preflight = send(server, "OPTIONS", "/api/v1/strategies", null, "Origin", "http://elsewhere.test",
                "Access-Control-Request-Method", "GET");
        assertThat(preflight.status()).isEqualTo(403);
        assertSecurityHeaders(preflight, "preflight", true);
    }

    // --- trace context

    @Test
    void aValidTraceparentIsContinuedWithThisServersSpan() {
        String incoming = "00-" + VALID_TRACE + "-00f067aa0ba902b7-01";
        Raw r = get("/api/v1/health/", "traceparent", incoming);
        String out = r.header("traceparent");
        assertThat(out).matches(TRACEPARENT).startsWith("00-" + VALID_TRACE + "-").endsWith("-01").isNotEqualTo(incoming);
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01", "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01<script>"})
    void anInvalidTraceparentIsReplacedNeverEchoed(String incoming) {
        Raw r = get("/nope", "traceparent", incoming);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.header("traceparent")).matches(TRACEPARENT).doesNotContain(VALID_TRACE).doesNotContain("4BF92F")
                .endsWith("-00");
        assertThat(r.text()).doesNotContain(incoming);
    }

    @Test
    void aMissingTraceparentStartsANewTraceOnEveryResponseKind() {
        for (String path : List.of("/", "/nope", "/WEB-INF/web.xml", "/openapi", "/metrics", "/docs")) {
            assertThat(get(path).header("traceparent")).as(path).matches(TRACEPARENT).endsWith("-00");
        }
        assertThat(get("/").header("traceparent")).isNotEqualTo(get("/").header("traceparent"));
    }

    @Test
    void theAccessLogCarriesTheTraceIdBesideTheRequestId() {
        String requestId = "trace-log-check-" + System.nanoTime();
        String incoming = "00-" + VALID_TRACE + "-00f067aa0ba902b7-01";
        get("/api/v1/health/", "X-Request-ID", requestId, "traceparent", incoming);
        String requestId2 = "trace-log-check-new-" + System.nanoTime();
        String generated = get("/api/v1/health/", "X-Request-ID", requestId2).header("traceparent").substring(3, 35);
        JsonNode line = accessLine(requestId);
        assertThat(line.path("access").path("request_id").asText()).isEqualTo(requestId);
        assertThat(line.path("access").path("trace_id").asText()).isEqualTo(VALID_TRACE);
        assertThat(accessLine(requestId2).path("access").path("trace_id").asText()).isEqualTo(generated);
    }

    private JsonNode accessLine(String requestId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String line = null;
        while (line == null && System.nanoTime() < deadline) {
            line = server.log().lines().filter(l -> l.contains(requestId) && l.contains("\"access\"")).findFirst().orElse(null);
            if (line == null) {
                Await.sleep(Duration.ofMillis(50)); // the access log is written by a background thread
            }
        }
        assertThat(line).as("access line of " + requestId).isNotNull();
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(line, e);
        }
    }

    // --- compression

    @Test
    void aYearOfHourlyCandlesIsCompressedWhenTheClientAcceptsGzip() {
        Raw plain = get(YEAR_1H);
        Raw gzip = get(YEAR_1H, "Accept-Encoding", "gzip");
        assertThat(plain.status()).isEqualTo(200);
        assertThat(gzip.status()).isEqualTo(200);
        assertThat(plain.gzipped()).isFalse();
        assertThat(gzip.gzipped()).isTrue();
        assertThat(gzip.all("Vary")).anySatisfy(v -> assertThat(v).containsIgnoringCase("Accept-Encoding"));
        assertThat(plain.all("Vary")).anySatisfy(v -> assertThat(v).containsIgnoringCase("Accept-Encoding"));
        assertContentLengthMatches(gzip);
        assertContentLengthMatches(plain);
        assertThat(gzip.body().length).as("compressed size").isLessThan(plain.body().length / 2);
        assertThat(gzip.text()).isEqualTo(new String(plain.body(), StandardCharsets.UTF_8));
        assertThat(gzip.json().path("count").asInt()).isEqualTo(366 * 24);
    }

    @Test
    void csvIsCompressedToo() {
        Raw plain = get(YEAR_1H, "Accept", "text/csv");
        Raw gzip = get(YEAR_1H, "Accept", "text/csv", "Accept-Encoding", "gzip, deflate");
        assertThat(gzip.contentType()).startsWith("text/csv");
        assertThat(gzip.gzipped()).isTrue();
        assertContentLengthMatches(gzip);
        assertThat(gzip.text()).isEqualTo(new String(plain.body(), StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/openapi", "/openapi.json", "/docs/swagger-ui-bundle.js", "/redoc/redoc.standalone.js"})
    void otherLargeTextualAnswersAreCompressed(String path) {
        Raw plain = get(path);
        Raw gzip = get(path, "Accept-Encoding", "gzip");
        assertThat(plain.body().length).as(path).isGreaterThan(1024);
        assertThat(gzip.gzipped()).as(path).isTrue();
        assertContentLengthMatches(gzip);
        assertThat(gzip.text()).as(path).isEqualTo(new String(plain.body(), StandardCharsets.UTF_8));
    }

    @Test
    void payarasMetricsAreCompressedToo() {
        Raw gzip = get("/metrics", "Accept-Encoding", "gzip");
        assertThat(gzip.gzipped()).isTrue();
        assertContentLengthMatches(gzip);
        assertThat(gzip.text()).contains("# TYPE ").contains("# HELP ");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"gzip;q=0", "deflate, br", "identity", "*;q=0", "gzip;q=0, *"})
    void aClientThatRefusesGzipGetsThePlainBody(String acceptEncoding) {
        Raw r = get(YEAR_1H, "Accept-Encoding", acceptEncoding);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.gzipped()).as(acceptEncoding).isFalse();
        assertThat(r.header("Content-Encoding")).isNull();
        assertThat(r.json().path("count").asInt()).isEqualTo(366 * 24);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/api/v1/health/", "/nope", "/WEB-INF/web.xml", "/redoc", "/api/v1/ohlcv/timeframes",
            "/api/v1/ohlcv/data?symbol=BTC&start_date=2024-01-01&end_date=2024-01-01&timeframe=1d"})
    void smallBodiesStayPlainWithTheirExactLength(String path) {
        Raw r = get(path, "Accept-Encoding", "gzip");
        assertThat(r.body().length).as(path).isLessThanOrEqualTo(1024);
        assertThat(r.gzipped()).as(path).isFalse();
        assertContentLengthMatches(r);
    }

    @Test
    void aHeadRequestIsNeverCompressed() {
        Raw r = send(server, "HEAD", "/openapi.json", null, "Accept-Encoding", "gzip");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Encoding")).isNull();
    }

    private static void assertContentLengthMatches(Raw r) {
        r.headers().firstValueAsLong("Content-Length").ifPresent(length -> assertThat(length).isEqualTo(r.body().length));
    }

    // --- /openapi.json and /redoc

    @Test
    void openApiJsonIsTheDocumentOfOpenApiAsJson() {
        Raw json = get("/openapi.json");
        assertThat(json.status()).isEqualTo(200);
        assertThat(json.contentType()).startsWith("application/json");
        JsonNode doc = json.json();
        assertThat(doc.path("openapi").asText()).startsWith("3.");
        assertThat(doc.path("info").path("title").asText()).isEqualTo("Backtest API");
        assertThat(doc).isEqualTo(get("/openapi", "Accept", "application/json").json());
        // every path of the YAML document is in the JSON one
        List<String> yamlPaths = new String(get("/openapi").body(), StandardCharsets.UTF_8).lines()
                .filter(l -> l.matches("^  /\\S*:\\s*$")).map(l -> l.strip().replaceAll(":$", "")).toList();
        assertThat(yamlPaths).hasSizeGreaterThan(20);
        List<String> jsonPaths = new ArrayList<>();
        doc.path("paths").fieldNames().forEachRemaining(jsonPaths::add);
        assertThat(jsonPaths).containsExactlyInAnyOrderElementsOf(yamlPaths);
        // the contract does not list its own viewers
        assertThat(jsonPaths).noneMatch(p -> p.startsWith("/redoc") || p.startsWith("/openapi") || p.startsWith("/docs"));
    }

    @Test
    void redocIsServedFromTheJarAndReadsOpenApiJson() {
        Raw page = get("/redoc");
        assertThat(page.text()).contains("spec-url=\"/openapi.json\"").contains("src=\"/redoc/redoc.standalone.js\"")
                .doesNotContain("https://");
        Raw bundle = get("/redoc/redoc.standalone.js");
        assertThat(bundle.status()).isEqualTo(200);
        assertThat(bundle.body().length).isGreaterThan(500_000);
        for (String path : List.of("/redoc/redoc.standalone.js.map", "/redoc/redoc.lib.js", "/redoc/index.html", "/redoc/pom.xml")) {
            Raw r = get(path);
            assertThat(r.status()).as(path).isEqualTo(404);
            assertThat(r.contentType()).as(path).startsWith("application/problem+json");
        }
    }

    // --- one extra server: PORT from the environment, HSTS off, no workers (a run stays queued)

    @Test
    void portFromTheEnvironmentHstsOffAndAnEventStreamThatStreamsUncompressed(@TempDir Path dir) throws Exception {
        try (ServerProcess other = ServerProcess.start("port-from-env", dir, Map.of("HSTS_MAX_AGE", "0", "BACKTEST_WORKERS", "0"),
                ServerProcess.PortBy.ENVIRONMENT)) {
            // it answers (start waited for readiness) on the port given as PORT, with no port argument
            assertThat(ProcessHandle.of(other.pid()).orElseThrow().info().arguments().orElseThrow()).doesNotContain("--port");
            for (String path : List.of("/", "/nope", "/WEB-INF/web.xml", "/docs", "/openapi")) {
                assertHeadersOfEveryResponse(send(other, "GET", path, null), path, false);
            }

            Api api = new Api(other, UUID.randomUUID(), null);
            String id = api.newDailyBacktest();
            assertThat(api.post("/api/v1/backtests/" + id + "/run", null).status()).isEqualTo(202);
            HttpRequest events = HttpRequest.newBuilder(other.uri("/api/v1/backtests/" + id + "/events"))
                    .header("Accept", "text/event-stream").header("Accept-Encoding", "gzip").build();
            HttpResponse<InputStream> stream = client.send(events, HttpResponse.BodyHandlers.ofInputStream());
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                assertThat(stream.statusCode()).isEqualTo(200);
                assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
                assertThat(stream.headers().firstValue("Content-Encoding")).isEmpty();
                // the run stays queued (no workers): its first event (well under 1 KiB) arrives while the stream stays open
                CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> dataLine(reader));
                String data = first.get(20, TimeUnit.SECONDS);
                assertThat(JSON.readTree(data).path("status").asText()).isEqualTo("queued");
                assertThat(api.post("/api/v1/backtests/" + id + "/cancel", null).status()).isEqualTo(200);
                String last = CompletableFuture.supplyAsync(() -> dataLine(reader)).get(20, TimeUnit.SECONDS);
                assertThat(JSON.readTree(last).path("status").asText()).isEqualTo("cancelled");
            }
        }
    }

    private static String dataLine(BufferedReader reader) {
        try {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("data:")) {
                    return line.substring(5).strip();
                }
            }
            throw new IllegalStateException("the stream ended without a data line");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
