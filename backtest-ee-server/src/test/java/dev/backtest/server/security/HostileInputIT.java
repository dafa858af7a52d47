package dev.backtest.server.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import dev.backtest.sdk.testing.Await;
import dev.backtest.server.security.Hostile.Caller;
import dev.backtest.server.security.Routes.Route;
import dev.backtest.server.testing.Http;
import dev.backtest.server.testing.SecuredServer;
import dev.backtest.server.testing.Tokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.backtest.server.security.Hostile.fingerprint;
import static dev.backtest.server.security.Hostile.refused;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every route of the secured server against bad credentials and against another user's ids: the
 * route table is checked against the served OpenAPI document, every protected route refuses every
 * bad token with a 401 problem, and a user reaching for another user's rows gets exactly what a
 * missing id gets. Nothing is written by any of it.
 */
@ExtendWith(SecuredServer.class)
class HostileInputIT {

    private static SecuredServer.Handle secured;
    private static Caller alice;
    private static String aliceStrategy;
    private static String aliceBacktest;
    private static String aliceSweep;
    private static String aliceIndex;

    /**
     * Alice's rows: a strategy, a backtest with a completed run and a completed sweep, a manual trade recorded after it,
     * and an index with a completed run.
     */
    @BeforeAll
    static void alicesRows(SecuredServer.Handle handle) {
        secured = handle;
        alice = Caller.seen(handle);
        aliceStrategy = created(alice.post("/api/v1/strategies", "{\"name\":\"alice cross\",\"type\":\"sma_cross\","
                + "\"parameters\":{\"fast\":5,\"slow\":20}}"));
        aliceBacktest = created(alice.post("/api/v1/backtests", "{\"name\":\"alice 2023\",\"strategy\":\"" + aliceStrategy
                + "\",\"symbol\":\"BTC\",\"timeframe\":\"1d\",\"start_date\":\"2023-01-01\",\"end_date\":\"2023-12-31\","
                + "\"initial_capital\":1000000,\"commission\":0.001}"));
        assertThat(alice.post("/api/v1/backtests/" + aliceBacktest + "/run", null).status()).isEqualTo(202);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        String status;
        do {
            Http.Reply run = alice.get("/api/v1/backtests/" + aliceBacktest + "/run");
            assertThat(run.status()).as(run.body()).isEqualTo(200);
            status = run.json().path("status").asText();
            assertThat(System.nanoTime()).as("alice's run finishes; last: " + run.body()).isLessThan(deadline);
            Await.sleep(Duration.ofMillis(100));
        } while (!status.equals("completed") && !status.equals("failed"));
        assertThat(status).isEqualTo("completed");
        Http.Reply sweep = alice.post("/api/v1/backtests/" + aliceBacktest + "/optimizations", Routes.OPTIMIZE);
        assertThat(sweep.status()).as(sweep.body()).isEqualTo(202);
        aliceSweep = sweep.json().path("id").asText();
        do {
            Http.Reply o = alice.get("/api/v1/backtests/" + aliceBacktest + "/optimizations/" + aliceSweep);
            assertThat(o.status()).as(o.body()).isEqualTo(200);
            status = o.json().path("status").asText();
            assertThat(System.nanoTime()).as("alice's sweep finishes; last: " + o.body()).isLessThan(deadline);
            Await.sleep(Duration.ofMillis(100));
        } while (!status.equals("completed") && !status.equals("failed"));
        assertThat(status).isEqualTo("completed");
        Http.Reply trade = alice.post("/api/v1/trades", Routes.TRADE.replace("{backtest_id}", aliceBacktest));
        assertThat(trade.status()).as(trade.body()).isEqualTo(201);
        aliceIndex = created(alice.post("/api/v1/indexes", "{\"name\":\"alice majors\",\"universe\":[\"BTC\",\"ETH\"],"
                + "\"weighting\":\"market_cap\",\"benchmark\":\"BTC\",\"start_date\":\"2023-01-01\"}"));
        Http.Reply run = alice.post("/api/v1/indexes/" + aliceIndex + "/run", null);
        assertThat(run.status()).as(run.body()).isEqualTo(202);
        String task = run.json().path("id").asText();
        do {
            Http.Reply t = alice.get("/api/v1/tasks/" + task);
            assertThat(t.status()).as(t.body()).isEqualTo(200);
            status = t.json().path("status").asText();
            assertThat(System.nanoTime()).as("alice's index run finishes; last: " + t.body()).isLessThan(deadline);
            Await.sleep(Duration.ofMillis(100));
        } while (!status.equals("completed") && !status.equals("failed"));
        assertThat(status).isEqualTo("completed");
    }

    private static String created(Http.Reply r) {
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().path("id").asText();
    }

    @Test
    void theRouteTableListsExactlyTheOperationsOfTheServedContract() {
        Http.Reply openapi = Caller.withAuthorization(secured, null).get("/openapi");
        assertThat(openapi.status()).isEqualTo(200);
        Map<String, Boolean> served = Routes.operations(openapi.body());
        Map<String, Boolean> table = new LinkedHashMap<>();
        Routes.API.forEach(r -> table.put(r.operation(), r.open()));
        // a route missing here escapes this suite: add it to Routes.API with a plausible request
        assertThat(table.keySet()).as("routes of /openapi missing from Routes.API").containsAll(served.keySet());
        assertThat(served.keySet()).as("routes of Routes.API the server does not serve").containsAll(table.keySet());
        assertThat(table).as("public (no security) versus protected").isEqualTo(served);
    }

    @Test
    void publicRoutesAnswerWithoutATokenAndUnknownOnesAreProblems() {
        Caller anonymous = Caller.withAuthorization(secured, null);
        List<Route> open = new ArrayList<>(Routes.OUTSIDE_CONTRACT);
        Routes.API.stream().filter(Route::open).forEach(open::add);
        for (Route r : open) {
            Http.Reply reply = anonymous.send(r.method(), r.path("x", "x"), null);
            assertThat(reply.status()).as(r + " -> " + Hostile.shorten(reply.body())).isEqualTo(200);
        }
        for (String path : List.of("/application.wadl", "/api/v1/nope", "/api/v2/strategies", "/WEB-INF/web.xml",
                "/META-INF/MANIFEST.MF", "/docs/../WEB-INF/beans.xml", "/docs/..%2FWEB-INF%2Fweb.xml", "/problems/container-error")) {
            JsonNode p = refused(anonymous.get(path), "GET " + path, 404, 401);
            assertThat(p.path("code").asText()).isIn("NOT_FOUND", "TOKEN_MISSING");
        }
    }

    /** Each bad credential with the reason the server must give. */
    private static Map<String, String[]> badCredentials() {
        Tokens t = secured.tokens();
        UUID u = UUID.randomUUID();
        String valid = t.hs256(u);
        String other = t.hs256(UUID.randomUUID());
        String[] a = valid.split("\\.");
        String[] b = other.split("\\.");
        Map<String, String[]> bad = new LinkedHashMap<>();
        bad.put("missing", new String[] {null, "TOKEN_MISSING"});
        bad.put("empty bearer", new String[] {"Bearer ", "TOKEN_MALFORMED"});
        bad.put("garbage", new String[] {"Bearer not.a.jwt", "TOKEN_MALFORMED"});
        bad.put("basic scheme", new String[] {"Basic YWxpY2U6c2VjcmV0", "TOKEN_MALFORMED"});
        bad.put("expired", new String[] {"Bearer " + t.hs256(u, c -> c.expirationTime(Date.from(Instant.now().minusSeconds(600)))),
                "TOKEN_EXPIRED"});
        bad.put("forged with another secret", new String[] {"Bearer " + Tokens.hmac("an-attacker-secret-of-thirty-two-bytes!",
                JWSAlgorithm.HS256, Tokens.claims(u).build()), "TOKEN_BAD_SIGNATURE"});
        bad.put("payload swapped", new String[] {"Bearer " + a[0] + "." + b[1] + "." + a[2], "TOKEN_BAD_SIGNATURE"});
        bad.put("signature stripped", new String[] {"Bearer " + a[0] + "." + a[1] + ".", "TOKEN_MALFORMED"});
        bad.put("alg none", new String[] {"Bearer " + Tokens.algNone(u), "TOKEN_ALG_NONE"});
        bad.put("wrong audience", new String[] {"Bearer " + t.hs256(u, c -> c.audience("anon")), "TOKEN_WRONG_AUDIENCE"});
        bad.put("wrong issuer", new String[] {"Bearer " + t.hs256(u, c -> c.issuer("https://evil.supabase.co/auth/v1")),
                "TOKEN_WRONG_ISSUER"});
        bad.put("key not in the JWKS", new String[] {"Bearer " + t.rs256(u), "TOKEN_BAD_SIGNATURE"});
        bad.put("subject not a uuid", new String[] {"Bearer " + t.hs256(u, c -> c.subject("' OR '1'='1")), "TOKEN_INVALID_SUBJECT"});
        return bad;
    }

    @Test
    void everyProtectedRouteRefusesEveryBadCredentialWithA401ProblemAndWritesNothing() {
        Map<String, String> before = fingerprint(secured.databaseUrl());
        Map<String, String[]> bad = badCredentials();
        String someId = UUID.randomUUID().toString();
        int requests = 0;
        for (Route route : Routes.protectedRoutes()) {
            for (Map.Entry<String, String[]> credential : bad.entrySet()) {
                String what = credential.getKey() + ": " + route;
                Http.Reply r = Caller.withAuthorization(secured, credential.getValue()[0])
                        .send(route.method(), route.path(someId, someId), route.body(someId));
                JsonNode p = refused(r, what, 401);
                assertThat(p.path("code").asText()).as(what).isEqualTo(credential.getValue()[1]);
                if (credential.getValue()[0] != null && credential.getValue()[0].length() > 20) {
                    assertThat(r.body()).as(what + " echoes the token").doesNotContain(credential.getValue()[0].substring(7));
                }
                requests++;
            }
        }
        assertThat(requests).isEqualTo(Routes.protectedRoutes().size() * bad.size());
        assertThat(fingerprint(secured.databaseUrl())).as("rows after " + requests + " refused requests").isEqualTo(before);
    }

    @Test
    void anotherUsersIdsAnswerExactlyLikeMissingOnesOnEveryRouteAndChangeNothing() {
        Caller bob = Caller.seen(secured);
        String bobsBacktest = created(bob.post("/api/v1/backtests", Routes.BACKTEST));
        String missingStrategy = UUID.randomUUID().toString();
        String missingBacktest = UUID.randomUUID().toString();
        String missingIndex = UUID.randomUUID().toString();
        Map<String, String> before = fingerprint(secured.databaseUrl());

        int checked = 0;
        for (Route route : Routes.API) {
            if (!route.idBearing()) {
                continue;
            }
            Http.Reply foreign = bob.send(route.method(), route.path(aliceStrategy, aliceBacktest, aliceIndex), route.body(aliceBacktest));
            Http.Reply missing = bob.send(route.method(), route.path(missingStrategy, missingBacktest, missingIndex),
                    route.body(missingBacktest));
            sameAsMissing(route.toString(), foreign, missing, missingStrategy, missingBacktest, missingIndex);
            checked++;
        }
        assertThat(checked).isEqualTo(34);

        // alice's sweep, asked for through bob's own backtest: the same 404 as an id that does not exist
        for (String suffix : List.of("", "/cancel")) {
            String method = suffix.isEmpty() ? "GET" : "POST";
            Http.Reply foreign = bob.send(method, "/api/v1/backtests/" + bobsBacktest + "/optimizations/" + aliceSweep + suffix, null);
            String missingSweep = UUID.randomUUID().toString();
            Http.Reply missing = bob.send(method, "/api/v1/backtests/" + bobsBacktest + "/optimizations/" + missingSweep + suffix, null);
            JsonNode f = refused(foreign, "bob on alice's sweep " + suffix, 404);
            JsonNode m = refused(missing, "bob on a missing sweep " + suffix, 404);
            assertThat(f.path("code").asText()).isEqualTo("OPTIMIZATION_NOT_FOUND").isEqualTo(m.path("code").asText());
            assertThat(anonymous(f, aliceSweep, bobsBacktest, "<no index>"))
                    .isEqualTo(anonymous(m, missingSweep, bobsBacktest, "<no index>"));
        }

        // ids inside bodies: a trade on alice's backtest, a backtest on alice's (private) strategy
        sameAsMissing("POST /api/v1/trades", bob.post("/api/v1/trades", Routes.TRADE.replace("{backtest_id}", aliceBacktest)),
                bob.post("/api/v1/trades", Routes.TRADE.replace("{backtest_id}", missingBacktest)), missingStrategy, missingBacktest,
                missingIndex);
        String simulation = "{\"amount\":1000,\"start_date\":\"2024-01-01\",\"index_id\":\"%s\"}";
        sameAsMissing("POST /api/v1/simulations", bob.post("/api/v1/simulations", simulation.formatted(aliceIndex)),
                bob.post("/api/v1/simulations", simulation.formatted(missingIndex)), missingStrategy, missingBacktest, missingIndex);
        String withStrategy = "{\"name\":\"bob's\",\"strategy\":\"%s\",\"symbol\":\"BTC\",\"timeframe\":\"1d\",\"start_date\":\"2024-01-01\","
                + "\"end_date\":\"2024-01-31\",\"initial_capital\":1000}";
        sameAsMissing("POST /api/v1/backtests", bob.post("/api/v1/backtests", withStrategy.formatted(aliceStrategy)),
                bob.post("/api/v1/backtests", withStrategy.formatted(missingStrategy)), missingStrategy, missingBacktest, missingIndex);
        sameAsMissing("PUT /api/v1/backtests/{own}", bob.put("/api/v1/backtests/" + bobsBacktest, "{\"strategy\":\"" + aliceStrategy + "\"}"),
                bob.put("/api/v1/backtests/" + bobsBacktest, "{\"strategy\":\"" + missingStrategy + "\"}"), missingStrategy, missingBacktest,
                missingIndex);

        // lists never show alice's rows
        for (String list : List.of("/api/v1/strategies?include_public=true", "/api/v1/backtests", "/items",
                "/api/v1/trades/backtest/" + bobsBacktest, "/api/v1/indexes", "/api/v1/tasks")) {
            Http.Reply r = bob.get(list);
            assertThat(r.status()).as(list).isEqualTo(200);
            assertThat(r.body()).as(list).doesNotContain(aliceStrategy).doesNotContain(aliceBacktest).doesNotContain(aliceIndex)
                    .doesNotContain(alice.user.toString());
        }

        assertThat(fingerprint(secured.databaseUrl())).as("rows after bob's attempts").isEqualTo(before);
        JsonNode mine = alice.get("/api/v1/backtests/" + aliceBacktest).json();
        assertThat(mine.path("status").asText()).isEqualTo("completed");
        assertThat(mine.path("name").asText()).isEqualTo("alice 2023");
        assertThat(alice.get("/api/v1/strategies/" + aliceStrategy).json().path("description").isNull()).isTrue();
        assertThat(alice.get("/api/v1/backtests/" + aliceBacktest + "/results").status()).isEqualTo(200);
        assertThat(alice.get("/api/v1/trades/backtest/" + aliceBacktest).json().path("total").asInt()).isEqualTo(1);
        assertThat(alice.get("/api/v1/backtests/" + aliceBacktest + "/optimizations/" + aliceSweep).json().path("status").asText())
                .isEqualTo("completed");
        assertThat(alice.get("/api/v1/indexes/" + aliceIndex).json().path("name").asText()).isEqualTo("alice majors");
        assertThat(alice.get("/api/v1/indexes/" + aliceIndex + "/current").status()).isEqualTo(200);
    }

    /** The foreign-id answer and the missing-id answer are the same problem, the ids aside. */
    private static void sameAsMissing(String what, Http.Reply foreign, Http.Reply missing, String missingStrategy, String missingBacktest,
                                      String missingIndex) {
        JsonNode f = refused(foreign, "bob on alice's ids: " + what, 400, 404);
        JsonNode m = refused(missing, "bob on missing ids: " + what, 400, 404);
        assertThat(foreign.status()).as(what).isEqualTo(missing.status());
        assertThat(f.path("code").asText()).as(what).isIn("STRATEGY_NOT_FOUND", "BACKTEST_NOT_FOUND", "INDEX_NOT_FOUND", "VALIDATION_FAILED")
                .isEqualTo(m.path("code").asText());
        assertThat(anonymous(f, aliceStrategy, aliceBacktest, aliceIndex)).as(what)
                .isEqualTo(anonymous(m, missingStrategy, missingBacktest, missingIndex));
        assertThat(foreign.body()).as(what).doesNotContain(alice.user.toString()).doesNotContain("alice");
    }

    /** The problem without what differs between any two answers: ids, request id, time. */
    private static String anonymous(JsonNode problem, String strategy, String backtest, String index) {
        com.fasterxml.jackson.databind.node.ObjectNode p = problem.deepCopy();
        p.remove(List.of("request_id", "timestamp"));
        return p.toString().replace(strategy, "<strategy>").replace(backtest, "<backtest>").replace(index, "<index>");
    }
}
