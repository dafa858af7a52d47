package dev.backtest.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backtest.server.testing.Http;
import dev.backtest.server.testing.ServerProcess;
import dev.backtest.server.testing.SharedServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The uber-jar on embedded defaults (no environment): every public route answers as documented. */
@ExtendWith(SharedServer.class)
class EmbeddedDefaultsIT {

    private final Http http = new Http();
    private ServerProcess server;

    @BeforeEach
    void server(ServerProcess shared) {
        server = shared;
    }

    @Test
    void rootDescribesTheServiceWithLinks() {
        Http.Reply r = http.get(server.uri("/"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        JsonNode body = r.json();
        assertThat(body.path("service").asText()).isEqualTo("backtest-server");
        assertThat(body.path("version").asText()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(body.path("links").path("health_detailed").asText()).isEqualTo("/api/v1/health/detailed");
        assertThat(body.path("links").path("openapi").asText()).isEqualTo("/openapi");
    }

    @Test
    void healthSummaryIsHealthy() {
        Http.Reply r = http.get(server.uri("/api/v1/health/"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.json().path("status").asText()).isEqualTo("healthy");
        assertThat(r.json().path("timestamp").asText()).endsWith("Z");
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void detailedHealthListsEveryDependencyUpAndWarnsAboutDevelopmentMode() {
        Http.Reply r = http.get(server.uri("/api/v1/health/detailed"));
        assertThat(r.status()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.path("status").asText()).isEqualTo("healthy");
        for (String dep : List.of("database", "object_store", "duckdb")) {
            JsonNode d = body.path("dependencies").path(dep);
            assertThat(d.path("status").asText()).as(dep).isEqualTo("up");
            assertThat(d.path("latency_ms").isNumber()).as(dep).isTrue();
        }
        assertThat(body.path("dependencies").path("database").path("detail").asText()).isEqualTo("h2");
        assertThat(body.path("dependencies").path("object_store").path("detail").asText()).startsWith("local ");
        assertThat(body.path("auth").path("mode").asText()).isEqualTo("development");
        long processAge = java.time.Duration.between(ProcessHandle.of(server.pid()).orElseThrow().info().startInstant().orElseThrow(),
                java.time.Instant.now()).toSeconds();
        assertThat(body.path("uptime_seconds").asLong()).as("uptime counts from the process start").isBetween(processAge - 2, processAge + 1);
        assertThat(body.path("auth").path("warning").asText()).contains("not authenticated");
        assertThat(server.log()).contains("DEVELOPMENT MODE");
    }

    @Test
    void readinessIsUp() {
        Http.Reply r = http.get(server.uri("/api/v1/health/ready"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("ready").asBoolean()).isTrue();
        assertThat(r.json().path("failing")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"/health/live,jvm", "/health/ready,database", "/health/ready,object_store", "/health/ready,duckdb",
            "/health/started,backtest-client", "/health,database"})
    void microProfileHealthReportsEachCheckUp(String path, String check) {
        Http.Reply r = http.get(server.uri(path));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        JsonNode body = r.json();
        assertThat(body.path("status").asText()).isEqualTo("UP");
        List<String> names = new ArrayList<>();
        body.path("checks").forEach(c -> {
            names.add(c.path("name").asText());
            assertThat(c.path("status").asText()).isEqualTo("UP");
        });
        assertThat(names).contains(check);
    }

    @Test
    void metricsArePrometheusText() {
        Http.Reply r = http.get(server.uri("/metrics"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/plain");
        assertThat(r.body()).contains("# TYPE ").contains("# HELP ");
    }

    @Test
    void openApiDocumentListsTheRoutes() {
        Http.Reply r = http.get(server.uri("/openapi"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).startsWith("openapi: 3.").contains("/api/v1/health/detailed").contains("/api/v1/health/ready");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/nope", "/api/v1/nope", "/api/v1/health/missing", "/api/v2/health/"})
    void unknownPathIsAProblem404(String path) {
        Http.Reply r = http.get(server.uri(path));
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.contentType()).startsWith("application/problem+json");
        JsonNode p = r.json();
        assertThat(p.path("status").asInt()).isEqualTo(404);
        assertThat(p.path("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(p.path("title").asText()).isEqualTo("Not Found");
        assertThat(p.path("type").asText()).isEqualTo("/problems/not-found");
        assertThat(p.path("path").asText()).isEqualTo(path);
        assertThat(p.path("request_id").asText()).isEqualTo(r.header("X-Request-ID"));
        assertThat(p.path("timestamp").asText()).endsWith("Z");
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("at dev.");
    }

    @ParameterizedTest
    @CsvSource({"DELETE,/api/v1/health/detailed", "POST,/", "PUT,/api/v1/health/", "PATCH,/api/v1/health/ready"})
    void unsupportedMethodIsAProblem405WithAllow(String method, String path) {
        String body = method.equals("DELETE") ? null : "{}";
        Http.Reply r = http.send(method, server.uri(path), body, "Content-Type", "application/json");
        assertThat(r.status()).isEqualTo(405);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().path("code").asText()).isEqualTo("METHOD_NOT_ALLOWED");
        assertThat(r.header("Allow")).contains("GET");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/api/v1/health/", "/nope", "/health/ready", "/metrics", "/openapi"})
    void everyResponseCarriesARequestId(String path) {
        Http.Reply r = http.get(server.uri(path));
        assertThat(r.header("X-Request-ID")).matches("[0-9a-f-]{36}");
        assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Test
    void aSafeClientRequestIdIsEchoedAndAnUnsafeOneReplaced() {
        assertThat(http.get(server.uri("/"), "X-Request-ID", "client-42.a:b").header("X-Request-ID")).isEqualTo("client-42.a:b");
        Http.Reply hostile = http.get(server.uri("/nope"), "X-Request-ID", "x<script>alert(1)</script>");
        assertThat(hostile.header("X-Request-ID")).matches("[0-9a-f-]{36}");
        assertThat(hostile.body()).doesNotContain("<script>");
        assertThat(http.get(server.uri("/"), "X-Request-ID", "a".repeat(129)).header("X-Request-ID")).matches("[0-9a-f-]{36}");
    }

    @Test
    void swaggerUiIsServedByTheServerItselfAndReadsTheOpenApiDocument() {
        Http.Reply page = http.get(server.uri("/docs"));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("/docs/swagger-ui-bundle.js").doesNotContain("https://");
        Http.Reply bundle = http.get(server.uri("/docs/swagger-ui-bundle.js"));
        assertThat(bundle.status()).isEqualTo(200);
        assertThat(bundle.body().length()).isGreaterThan(100_000);
        assertThat(http.get(server.uri("/docs/initializer.js")).body()).contains("url: \"/openapi\"");
        assertThat(http.get(server.uri("/docs/swagger-ui.css")).contentType()).startsWith("text/css");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/docs/pom.xml", "/docs/swagger-initializer.js", "/docs/index.html", "/docs/a%2Fb.js"})
    void docsServeOnlyTheListedFiles(String path) {
        Http.Reply r = http.get(server.uri(path));
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.contentType()).startsWith("application/problem+json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/docs/..%2F..%2FWEB-INF%2Fweb.xml", "/docs/%2e%2e/%2e%2e/WEB-INF/web.xml", "/%2e%2e/x"})
    void encodedTraversalIsRefusedBeforeReachingTheApplication(String path) {
        // The HTTP layer (Grizzly) answers these itself: 400 with an empty body, nothing served.
        Http.Reply r = http.get(server.uri(path));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).isEmpty();
    }

    @Test
    void logsOneJsonAccessLinePerRequestWithoutTheQueryString() {
        String id = "access-log-check-" + System.nanoTime();
        http.get(server.uri("/api/v1/health/?token=do-not-log-me"), "X-Request-ID", id);
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        String line = null;
        while (line == null && System.nanoTime() < deadline) {
            line = server.log().lines().filter(l -> l.contains(id)).findFirst().orElse(null);
        }
        assertThat(line).isNotNull();
        JsonNode json = new Http.Reply(200, null, line).json();
        assertThat(json.path("level").asText()).isEqualTo("INFO");
        assertThat(json.path("access").path("method").asText()).isEqualTo("GET");
        assertThat(json.path("access").path("path").asText()).isEqualTo("/api/v1/health/");
        assertThat(json.path("access").path("status").asInt()).isEqualTo(200);
        assertThat(json.path("access").path("duration_ms").isNumber()).isTrue();
        assertThat(server.log()).doesNotContain("do-not-log-me");
    }

    @Test
    void theEmbeddedStoreWasSeededWithSampleData() {
        assertThat(server.log()).contains("Seeded the empty object store with 6 sample Parquet files");
    }

    @Test
    void developmentModeActsAsTheFixedDevelopmentUserWithoutAToken() {
        Http.Reply me = http.get(server.uri("/api/v1/users"));
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().path("id").asText()).isEqualTo("00000000-0000-0000-0000-000000000001");
        assertThat(me.json().path("email").asText()).isEqualTo("dev@localhost");
        // tokens are not read in development mode: there is no key to check them with
        Http.Reply withToken = http.get(server.uri("/api/v1/users"), "Authorization", "Bearer not-a-jwt");
        assertThat(withToken.json().path("id").asText()).isEqualTo("00000000-0000-0000-0000-000000000001");
        String name = "dev " + java.util.UUID.randomUUID();
        Http.Reply created = http.send("POST", server.uri("/api/v1/strategies"),
                "{\"name\":\"" + name + "\",\"type\":\"rsi_reversion\",\"parameters\":{\"lower\":20}}", "Content-Type", "application/json");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("parameters").path("upper").asDouble()).isEqualTo(70.0);
        assertThat(created.header("Location")).endsWith("/api/v1/strategies/" + created.json().path("id").asText());
        String backtest = "{\"name\":\"h2\",\"strategy\":\"" + name + "\",\"symbol\":\"BTC\",\"timeframe\":\"1d\","
                + "\"start_date\":\"2024-01-01\",\"end_date\":\"2024-01-31\",\"initial_capital\":500}";
        Http.Reply b = http.send("POST", server.uri("/api/v1/backtests"), backtest, "Content-Type", "application/json");
        assertThat(b.status()).as(b.body()).isEqualTo(201);
        Http.Reply trade = http.send("POST", server.uri("/api/v1/trades"), "{\"backtest_id\":\"" + b.json().path("id").asText()
                + "\",\"symbol\":\"BTC\",\"side\":\"buy\",\"quantity\":1,\"price\":600,\"executed_at\":\"2024-01-02T00:00:00Z\"}",
                "Content-Type", "application/json");
        assertThat(trade.status()).isEqualTo(422);
        assertThat(trade.json().path("code").asText()).isEqualTo("INSUFFICIENT_CAPITAL");
    }
}
