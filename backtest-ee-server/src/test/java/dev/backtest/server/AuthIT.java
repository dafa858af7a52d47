package dev.backtest.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import dev.backtest.server.testing.Api;
import dev.backtest.server.testing.Http;
import dev.backtest.server.testing.SecuredServer;
import dev.backtest.server.testing.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The server with authentication on: the JWT failure matrix, public routes, rate limiting, CORS and security headers. */
@ExtendWith(SecuredServer.class)
class AuthIT {

    private final Http http = new Http();
    private SecuredServer.Handle secured;

    @BeforeEach
    void server(SecuredServer.Handle handle) {
        secured = handle;
    }

    static Stream<Arguments> badTokens() {
        Tokens t = new Tokens();
        UUID u = UUID.randomUUID();
        return Stream.of(
                Arguments.of("malformed", "Bearer not-a-jwt", "TOKEN_MALFORMED"),
                Arguments.of("wrong scheme", "Basic dXNlcjpwYXNz", "TOKEN_MALFORMED"),
                Arguments.of("expired", "Bearer " + t.hs256(u, b -> b.expirationTime(Date.from(Instant.now().minusSeconds(300)))), "TOKEN_EXPIRED"),
                Arguments.of("nbf in future", "Bearer " + t.hs256(u, b -> b.notBeforeTime(Date.from(Instant.now().plusSeconds(600)))),
                        "TOKEN_NOT_YET_VALID"),
                Arguments.of("bad signature", "Bearer " + Tokens.hmac("some-other-secret-that-is-long-enough!!", JWSAlgorithm.HS256,
                        Tokens.claims(u).build()), "TOKEN_BAD_SIGNATURE"),
                Arguments.of("wrong audience", "Bearer " + t.hs256(u, b -> b.audience("anon")), "TOKEN_WRONG_AUDIENCE"),
                Arguments.of("wrong issuer", "Bearer " + t.hs256(u, b -> b.issuer("https://other.supabase.co/auth/v1")), "TOKEN_WRONG_ISSUER"),
                Arguments.of("alg none", "Bearer " + Tokens.algNone(u), "TOKEN_ALG_NONE"),
                Arguments.of("HS512", "Bearer " + Tokens.hmac(Tokens.SECRET + Tokens.SECRET, JWSAlgorithm.HS512, Tokens.claims(u).build()),
                        "TOKEN_UNSUPPORTED_ALGORITHM"),
                Arguments.of("RS256 key not in JWKS", "Bearer " + t.rs256(u), "TOKEN_BAD_SIGNATURE"),
                Arguments.of("sub not a uuid", "Bearer " + t.hs256(u, b -> b.subject("admin")), "TOKEN_INVALID_SUBJECT"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTokens")
    void everyBadTokenIsA401ProblemWithItsReason(String name, String authorization, String reason) {
        for (String path : new String[] {"/api/v1/users", "/api/v1/strategies", "/items"}) {
            Http.Reply r = http.get(secured.server().uri(path), "Authorization", authorization);
            assertThat(r.status()).as(name + " " + path).isEqualTo(401);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.header("WWW-Authenticate")).startsWith("Bearer").contains("error=\"invalid_token\"");
            JsonNode p = r.json();
            assertThat(p.path("code").asText()).isEqualTo(reason);
            assertThat(p.path("reason").asText()).isEqualTo(reason);
            assertThat(p.path("status").asInt()).isEqualTo(401);
            assertThat(p.path("request_id").asText()).isEqualTo(r.header("X-Request-ID"));
        }
        assertThat(secured.server().log()).doesNotContain(authorization.substring(authorization.indexOf(' ') + 1));
    }

    @Test
    void missingTokenIsA401WithAPlainBearerChallenge() {
        Http.Reply r = http.get(secured.server().uri("/api/v1/backtests"));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.header("WWW-Authenticate")).startsWith("Bearer").doesNotContain("error=");
        assertThat(r.json().path("code").asText()).isEqualTo("TOKEN_MISSING");
    }

    @Test
    void validHs256AndEs256TokensAreAcceptedAndCreateTheUser() {
        UUID u = UUID.randomUUID();
        Http.Reply hs = new Api(secured.server(), u, secured.tokens()::hs256).get("/api/v1/users");
        assertThat(hs.status()).isEqualTo(200);
        assertThat(hs.json().path("id").asText()).isEqualTo(u.toString());
        assertThat(hs.json().path("email").asText()).isEqualTo(u + "@example.com");
        assertThat(hs.json().path("strategy_count").asInt()).isZero();
        Http.Reply es = new Api(secured.server(), u, secured.tokens()::es256).get("/api/v1/users");
        assertThat(es.status()).isEqualTo(200);
        assertThat(es.json().path("created_at").asText()).isEqualTo(hs.json().path("created_at").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/api/v1/health/", "/api/v1/health/detailed", "/api/v1/health/ready", "/health/ready", "/metrics", "/openapi"})
    void publicRoutesNeedNoToken(String path) {
        Http.Reply r = http.get(secured.server().uri(path));
        assertThat(r.status()).isEqualTo(200);
    }

    @Test
    void openApiMarksTheLegacyItemsRouteDeprecated() {
        String yaml = http.get(secured.server().uri("/openapi")).body();
        int at = yaml.indexOf("/items:");
        assertThat(at).isNotNegative();
        assertThat(yaml.substring(at, Math.min(yaml.length(), at + 600))).contains("deprecated: true");
        assertThat(yaml).contains("/api/v1/strategies/{strategy_id}").contains("/api/v1/trades/backtest/{backtest_id}");
    }

    @Test
    void aUserOverTheRateLimitGets429WithRetryAfterWhileOthersDoNot() {
        Api greedy = new Api(secured.server(), UUID.randomUUID(), secured.tokens()::hs256);
        Http.Reply limited = null;
        for (int i = 0; i < 200 && limited == null; i++) {
            Http.Reply r = greedy.get("/api/v1/users");
            if (r.status() == 429) {
                limited = r;
            } else {
                assertThat(r.status()).isEqualTo(200);
            }
        }
        assertThat(limited).as("a 429 within 200 requests at 20/s burst 40").isNotNull();
        assertThat(limited.contentType()).startsWith("application/problem+json");
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 5);
        assertThat(limited.json().path("code").asText()).isEqualTo("RATE_LIMITED");
        Api other = new Api(secured.server(), UUID.randomUUID(), secured.tokens()::hs256);
        assertThat(other.get("/api/v1/users").status()).isEqualTo(200);
    }

    @Test
    void corsPreflightIsAnsweredForConfiguredOriginsOnly() {
        Http.Reply ok = http.send("OPTIONS", secured.server().uri("/api/v1/strategies"), null, "Origin", SecuredServer.CORS_ORIGIN,
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization,content-type");
        assertThat(ok.status()).isEqualTo(204);
        assertThat(ok.header("Access-Control-Allow-Origin")).isEqualTo(SecuredServer.CORS_ORIGIN);
        assertThat(ok.header("Access-Control-Allow-Methods")).contains("POST").contains("DELETE");
        assertThat(ok.header("Access-Control-Allow-Headers")).contains("Authorization");
        assertThat(ok.headers().allValues("Vary")).contains("Origin");

        Http.Reply foreign = http.send("OPTIONS", secured.server().uri("/api/v1/strategies"), null, "Origin", "http://evil.test",
                "Access-Control-Request-Method", "POST");
        assertThat(foreign.header("Access-Control-Allow-Origin")).isNull();
        assertThat(foreign.status()).isEqualTo(403);

        Http.Reply simple = http.get(secured.server().uri("/api/v1/users"), "Origin", SecuredServer.CORS_ORIGIN,
                "Authorization", "Bearer " + secured.tokens().hs256(UUID.randomUUID()));
        assertThat(simple.status()).isEqualTo(200);
        assertThat(simple.header("Access-Control-Allow-Origin")).isEqualTo(SecuredServer.CORS_ORIGIN);
        assertThat(http.get(secured.server().uri("/"), "Origin", "http://evil.test").header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void apiResponsesCarrySecurityHeaders() {
        Http.Reply r = new Api(secured.server(), UUID.randomUUID(), secured.tokens()::hs256).get("/api/v1/users");
        assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(r.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    }
}
