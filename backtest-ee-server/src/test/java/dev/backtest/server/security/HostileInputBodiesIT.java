package dev.backtest.server.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backtest.server.security.Hostile.Caller;
import dev.backtest.server.security.Hostile.RawReply;
import dev.backtest.server.security.Routes.Route;
import dev.backtest.server.testing.Http;
import dev.backtest.server.testing.SecuredServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.backtest.server.security.Hostile.fingerprint;
import static dev.backtest.server.security.Hostile.refused;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request bodies an attacker or a broken client sends, on every route that reads one: too large
 * (declared or chunked), deeply nested, malformed, of the wrong shape, with hostile numbers, with
 * ranges and grids that would keep the server busy. Every one is a quick 4xx problem and writes nothing.
 */
@ExtendWith(SecuredServer.class)
class HostileInputBodiesIT {

    private static final int MAX = SecuredServer.MAX_BODY_BYTES;
    /** A refusal that does no work answers in far less; a generous bound for a loaded build machine. */
    private static final Duration QUICK = Duration.ofSeconds(5);

    private static SecuredServer.Handle secured;
    private static Caller carol;
    private static Caller admin;
    private static Hostile.Pool anyone;
    private static String strategy;
    private static String backtest;

    @BeforeAll
    static void carolsRows(SecuredServer.Handle handle) {
        secured = handle;
        carol = Caller.seen(handle);
        strategy = created(carol.post("/api/v1/strategies", "{\"name\":\"carol cross\",\"type\":\"sma_cross\"}"));
        backtest = created(carol.post("/api/v1/backtests", "{\"name\":\"carol 2024\",\"strategy\":\"" + strategy + "\",\"symbol\":\"BTC\","
                + "\"timeframe\":\"1d\",\"start_date\":\"2024-01-01\",\"end_date\":\"2024-12-31\",\"initial_capital\":10000}"));
        anyone = new Hostile.Pool(handle, 4);
        admin = Caller.withAuthorization(handle, "Bearer " + SecuredServer.ADMIN_TOKEN);
    }

    private static String created(Http.Reply r) {
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().path("id").asText();
    }

    /** An administrator's route is the admin token's (anyone else is refused before the body is read); others anyone's. */
    private static Caller callerFor(Route route) {
        return route.admin() ? admin : anyone.next();
    }

    private static String path(Route r) {
        return r.path(strategy, backtest);
    }

    /** A JSON body of exactly {@code size} bytes: the document, then spaces (which JSON allows after a value). */
    private static byte[] padded(String json, int size) {
        byte[] doc = json.getBytes(StandardCharsets.UTF_8);
        assertThat(doc.length).isLessThanOrEqualTo(size);
        byte[] out = new byte[size];
        System.arraycopy(doc, 0, out, 0, doc.length);
        java.util.Arrays.fill(out, doc.length, size, (byte) ' ');
        return out;
    }

    private static Http.Reply timed(String what, Supplier<Http.Reply> call) {
        long start = System.nanoTime();
        Http.Reply r = call.get();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as(what + " answered quickly").isLessThan(QUICK);
        return r;
    }

    @Test
    void bodiesUpToTheLimitAreReadAndLargerOnesAre413BeforeAnythingParsesThem() {
        // at the limit, declared and chunked: read and answered
        byte[] atLimit = padded(Routes.CANDLES, MAX);
        assertThat(carol.send("POST", "/api/v1/ohlcv/data", HttpRequest.BodyPublishers.ofByteArray(atLimit), "application/json").status())
                .isEqualTo(200);
        assertThat(carol.send("POST", "/api/v1/ohlcv/data", Hostile.chunked(atLimit), "application/json").status()).isEqualTo(200);

        Map<String, String> before = fingerprint(secured.databaseUrl());
        for (Route route : Routes.bodyRoutes()) {
            byte[] over = padded(route.body(backtest), MAX + 1);
            for (boolean chunked : new boolean[] {false, true}) {
                String what = route + (chunked ? " chunked" : " with Content-Length") + ", " + (MAX + 1) + " bytes";
                Http.Reply r = timed(what, () -> callerFor(route).send(route.method(), path(route), chunked ? Hostile.chunked(over)
                        : HttpRequest.BodyPublishers.ofByteArray(over), "application/json"));
                JsonNode p = refused(r, what, 413);
                assertThat(p.path("code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
                assertThat(p.path("max_bytes").asInt()).isEqualTo(MAX);
            }
        }
        // a route that reads no body still refuses a large one, before it starts a run
        refused(carol.send("POST", "/api/v1/backtests/" + backtest + "/run", HttpRequest.BodyPublishers.ofByteArray(new byte[MAX + 1]),
                "application/json"), "POST .../run with a large body", 413);
        // a declared length is refused before the body is read, before authentication: the server waits for nothing
        for (Caller who : List.of(carol, Caller.withAuthorization(secured, null))) {
            long start = System.nanoTime();
            RawReply raw = who.raw("POST", "/api/v1/strategies", ("Content-Type: application/json\r\nContent-Length: 999999999999\r\n")
                    .getBytes(StandardCharsets.US_ASCII), "{}".getBytes(StandardCharsets.US_ASCII));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(QUICK);
            assertThat(raw.status()).as(raw.body()).isEqualTo(413);
            assertThat(raw.header("Content-Type")).startsWith("application/problem+json");
            assertThat(raw.body()).contains("\"code\":\"PAYLOAD_TOO_LARGE\"");
            Hostile.noLeak("declared length", raw.body());
        }
        assertThat(fingerprint(secured.databaseUrl())).as("rows after oversized bodies").isEqualTo(before);
        assertThat(carol.get("/api/v1/backtests/" + backtest + "/run").status()).as("no run was started").isEqualTo(404);
    }

    private static final Pattern FIRST_MEMBER = Pattern.compile("^\\{(\"[a-z_]+\":(\"[^\"]*\"|\\{[^{}]*\\}|\\[[^\\]]*\\]|[^,{}\\[\\]]+))");

    /** Bodies that are not the JSON a route reads, each with the status it must get. */
    private static Map<String, Object[]> hostileDocuments(Route route) {
        String valid = route.body(backtest);
        Matcher first = FIRST_MEMBER.matcher(valid);
        assertThat(first.find()).as(valid).isTrue();
        String member = first.group(1);
        String name = member.substring(0, member.indexOf(':'));
        Map<String, Object[]> docs = new LinkedHashMap<>();
        docs.put("10000 nested arrays", new Object[] {"[".repeat(10_000) + "]".repeat(10_000), 400});
        docs.put("10000 nested objects", new Object[] {"{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000), 400});
        docs.put("10000 nested arrays in a member", new Object[] {"{" + name + ":" + "[".repeat(10_000) + "]".repeat(10_000) + "}", 400});
        docs.put("10000 nested objects where any value is taken", new Object[] {"{\"parameters\":" + "{\"a\":".repeat(10_000) + "1"
                + "}".repeat(10_000) + "," + valid.substring(1), 400});
        docs.put("not JSON", new Object[] {"{not json", 400});
        docs.put("truncated", new Object[] {valid.substring(0, valid.length() / 2), 400});
        docs.put("one brace too many", new Object[] {valid + "}", 400});
        docs.put("trailing garbage", new Object[] {valid + " trailing", 400});
        docs.put("NaN", new Object[] {"NaN", 400});
        docs.put("an array", new Object[] {"[]", 400});
        docs.put("a string", new Object[] {"\"text\"", 400});
        docs.put("a number", new Object[] {"42", 400});
        docs.put("duplicate key", new Object[] {valid.replaceFirst(Pattern.quote("{" + member), Matcher.quoteReplacement("{" + member + ","
                + member)), 400});
        docs.put("unknown member", new Object[] {"{\"colour\":\"red\"," + valid.substring(1), 400});
        docs.put("prototype pollution", new Object[] {"{\"__proto__\":{\"admin\":true}," + valid.substring(1), 400});
        docs.put("operator object", new Object[] {valid.replaceFirst(Pattern.quote(member), Matcher.quoteReplacement(name
                + ":{\"$gt\":\"\"}")), 400});
        docs.put("wrong type", new Object[] {valid.replaceFirst(Pattern.quote(member), Matcher.quoteReplacement(name + ":true")), 400});
        docs.put("control characters", new Object[] {valid.replaceFirst(Pattern.quote(member), Matcher.quoteReplacement(name
                + ":\"a\u0001b\"")), 400});
        return docs;
    }

    @Test
    void malformedNestedAndMisshapenJsonIsA400OnEveryRouteThatReadsABody() {
        Map<String, String> before = fingerprint(secured.databaseUrl());
        int cases = 0;
        for (Route route : Routes.bodyRoutes()) {
            for (Map.Entry<String, Object[]> doc : hostileDocuments(route).entrySet()) {
                String what = route + " " + doc.getKey();
                // refused before any resource runs, so whose ids these are does not matter
                Http.Reply r = timed(what, () -> callerFor(route).send(route.method(), path(route), (String) doc.getValue()[0]));
                JsonNode p = refused(r, what, (Integer) doc.getValue()[1]);
                assertThat(p.path("code").asText()).as(what).isEqualTo("VALIDATION_FAILED");
                if (doc.getKey().startsWith("10000 nested objects where") && route.template().startsWith("/api/v1/strategies")) {
                    assertThat(p.path("detail").asText()).as(what).contains("deeper than 32 levels");
                }
                cases++;
            }
            // bytes that are not UTF-8, and bodies of other types than JSON
            Caller carol = route.admin() ? admin : HostileInputBodiesIT.carol;
            refused(carol.send(route.method(), path(route), HttpRequest.BodyPublishers.ofByteArray(new byte[] {'{', '"', (byte) 0xff,
                    (byte) 0xfe, '"', ':', '1', '}'}), "application/json"), route + " invalid UTF-8", 400);
            refused(carol.send(route.method(), path(route), HttpRequest.BodyPublishers.ofString(route.body(backtest)), "text/plain"),
                    route + " as text/plain", 415);
            refused(carol.send(route.method(), path(route), HttpRequest.BodyPublishers.ofString("<?xml version=\"1.0\"?><!DOCTYPE x "
                    + "[<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>"), "application/xml"), route + " as XML", 415);
            cases += 3;
        }
        assertThat(cases).isEqualTo(Routes.bodyRoutes().size() * 21);
        assertThat(fingerprint(secured.databaseUrl())).as("rows after " + cases + " malformed bodies").isEqualTo(before);
    }

    @Test
    void hugeDateRangesAndGridsAreRefusedBeforeAnyWorkStarts() {
        Map<String, String> before = fingerprint(secured.databaseUrl());
        String data = "/api/v1/ohlcv/data?symbol=BTC&start_date=%s&end_date=%s&timeframe=%s";
        Map<String, Object[]> gets = new LinkedHashMap<>();
        gets.put("1m over 130 years", new Object[] {data.formatted("1971-01-01", "2100-12-31", "1m"), 422, "RESULT_TOO_LARGE"});
        gets.put("1m over ten years", new Object[] {data.formatted("2015-01-01", "2024-12-31", "1m"), 422, "RESULT_TOO_LARGE"});
        gets.put("5m over a century", new Object[] {data.formatted("2000-01-01", "2100-12-31", "5m"), 422, "RESULT_TOO_LARGE"});
        gets.put("before 1970", new Object[] {data.formatted("1900-01-01", "2024-12-31", "1d"), 400, "VALIDATION_FAILED"});
        gets.put("year 999999999", new Object[] {data.formatted("2024-01-01", "%2B999999999-12-31", "1d"), 400, "VALIDATION_FAILED"});
        gets.put("year -999999999", new Object[] {data.formatted("-999999999-01-01", "2024-01-01", "1d"), 400, "VALIDATION_FAILED"});
        gets.put("results with a billion points", new Object[] {"/api/v1/backtests/" + backtest + "/results?points=1000000000", 400,
                "VALIDATION_FAILED"});
        gets.put("a page past int", new Object[] {"/api/v1/backtests?limit=200&offset=99999999999", 400, "VALIDATION_FAILED"});
        for (Map.Entry<String, Object[]> g : gets.entrySet()) {
            JsonNode p = refused(timed(g.getKey(), () -> carol.get((String) g.getValue()[0])), g.getKey(), (Integer) g.getValue()[1]);
            assertThat(p.path("code").asText()).as(g.getKey()).isEqualTo(g.getValue()[2]);
        }

        StringBuilder thousand = new StringBuilder();
        for (int i = 1; i <= 1000; i++) {
            thousand.append(i == 1 ? "" : ",").append(i);
        }
        String twenty = "\"BTC\",\"ETH\",\"EURUSD\",\"A1\",\"A2\",\"A3\",\"A4\",\"A5\",\"A6\",\"A7\",\"A8\",\"A9\",\"B1\",\"B2\",\"B3\",\"B4\","
                + "\"B5\",\"B6\",\"B7\",\"B8\"";
        Map<String, Object[]> posts = new LinkedHashMap<>();
        posts.put("batch of 20 symbols, 1m over ten years", new Object[] {"/api/v1/ohlcv/batch", "{\"symbols\":[" + twenty
                + "],\"start_date\":\"2015-01-01\",\"end_date\":\"2024-12-31\",\"timeframe\":\"1m\"}", 422, "RESULT_TOO_LARGE"});
        posts.put("candles body, 1m over 130 years", new Object[] {"/api/v1/ohlcv/data", "{\"symbol\":\"BTC\",\"start_date\":\"1971-01-01\","
                + "\"end_date\":\"2100-12-31\",\"timeframe\":\"1m\"}", 422, "RESULT_TOO_LARGE"});
        posts.put("a million combinations", new Object[] {"/api/v1/backtests/" + backtest + "/optimize", "{\"grid\":{\"fast\":[" + thousand
                + "],\"slow\":[" + thousand + "]}}", 422, "GRID_TOO_LARGE"});
        // limits count the lists as sent: repeats are not folded away before the check
        String btcTimes21 = String.join(",", java.util.Collections.nCopies(21, "\"BTC\""));
        posts.put("the same symbol 21 times", new Object[] {"/api/v1/ohlcv/batch", "{\"symbols\":[" + btcTimes21
                + "],\"start_date\":\"2024-01-01\",\"end_date\":\"2024-01-02\",\"timeframe\":\"1d\"}", 400, "VALIDATION_FAILED"});
        String fiveTimes10001 = String.join(",", java.util.Collections.nCopies(10_001, "5"));
        posts.put("one value 10,001 times", new Object[] {"/api/v1/backtests/" + backtest + "/optimize", "{\"grid\":{\"fast\":["
                + fiveTimes10001 + "]}}", 422, "GRID_TOO_LARGE"});
        posts.put("top of a billion", new Object[] {"/api/v1/backtests/" + backtest + "/optimize", "{\"grid\":{\"fast\":[5]},\"top\":1000000000}",
                400, "VALIDATION_FAILED"});
        posts.put("a backtest of 1m over 130 years", new Object[] {"/api/v1/backtests", "{\"name\":\"forever\",\"symbol\":\"BTC\","
                + "\"timeframe\":\"1m\",\"start_date\":\"1970-01-01\",\"end_date\":\"2100-12-31\",\"initial_capital\":1000}", 400,
                "VALIDATION_FAILED"});
        posts.put("a backtest from year 1", new Object[] {"/api/v1/backtests", "{\"name\":\"ancient\",\"symbol\":\"BTC\",\"timeframe\":\"1d\","
                + "\"start_date\":\"0001-01-01\",\"end_date\":\"9999-12-31\",\"initial_capital\":1000}", 400, "VALIDATION_FAILED"});
        for (Map.Entry<String, Object[]> e : posts.entrySet()) {
            Object[] v = e.getValue();
            JsonNode p = refused(timed(e.getKey(), () -> carol.post((String) v[0], (String) v[1])), e.getKey(), (Integer) v[2]);
            assertThat(p.path("code").asText()).as(e.getKey()).isEqualTo(v[3]);
        }
        JsonNode minutes = refused(timed("1m", () -> carol.put("/api/v1/backtests/" + backtest, "{\"timeframe\":\"1m\",\"start_date\":\"1970-01-01\"}")),
                "PUT a 1m backtest over 55 years", 400);
        assertThat(minutes.path("errors").get(0).path("field").asText()).isEqualTo("end_date");

        assertThat(fingerprint(secured.databaseUrl())).as("rows after huge ranges and grids").isEqualTo(before);
    }

    @Test
    void negativeZeroNonFiniteAndHugeAmountsAreRefusedAndNothingIsWritten() {
        Map<String, String> before = fingerprint(secured.databaseUrl());
        List<String> amounts = List.of("-1", "0", "-0.0", "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "NaN", "Infinity", "1e309", "-1e309",
                "1e999999999", "-1e999999999", "1e-999999999", "\"1e999999999\"", "1000000000001", "99999999999999999999999999999999",
                "0.000000000001", "\"12abc\"", "true", "[1]", "{}", "null");
        String createBacktest = "{\"name\":\"amounts\",\"symbol\":\"BTC\",\"timeframe\":\"1d\",\"start_date\":\"2024-01-01\","
                + "\"end_date\":\"2024-01-31\",\"initial_capital\":%s,\"commission\":%s}";
        String trade = "{\"backtest_id\":\"" + backtest + "\",\"symbol\":\"BTC\",\"side\":\"buy\",\"quantity\":%s,\"price\":%s,"
                + "\"executed_at\":\"2024-03-01T00:00:00Z\",\"commission\":%s}";
        int checked = 0;
        for (String a : amounts) {
            if (!a.equals("null")) { // a null capital on update means "keep it"
                expectInvalid("initial_capital " + a, carol.post("/api/v1/backtests", createBacktest.formatted(a, "0.001")), "initial_capital");
                expectInvalid("update initial_capital " + a, carol.put("/api/v1/backtests/" + backtest, "{\"initial_capital\":" + a + "}"),
                        "initial_capital");
                expectInvalid("quantity " + a, carol.post("/api/v1/trades", trade.formatted(a, "100", "1")), "quantity");
                expectInvalid("price " + a, carol.post("/api/v1/trades", trade.formatted("0.01", a, "1")), "price");
                checked += 4;
            } else {
                expectInvalid("initial_capital null", carol.post("/api/v1/backtests", createBacktest.formatted(a, "0.001")), "initial_capital");
                checked++;
            }
        }
        for (String c : List.of("-0.001", "0.1", "1", "\"NaN\"", "NaN", "1e309", "1e999999999", "1e-999999999", "0.00000000001")) {
            expectInvalid("commission rate " + c, carol.post("/api/v1/backtests", createBacktest.formatted("1000", c)), "commission");
            checked++;
        }
        for (String c : List.of("-1", "\"NaN\"", "1e309", "1e999999999", "-1e999999999", "1e-999999999")) {
            expectInvalid("trade commission " + c, carol.post("/api/v1/trades", trade.formatted("0.01", "100", c)), "commission");
            checked++;
        }
        for (String v : List.of("-5", "0", "1e309", "1e999999999", "-1e999999999", "99999999999999999999", "5.5", "\"5\"", "NaN", "[5]")) {
            expectInvalid("strategy parameter " + v, carol.post("/api/v1/strategies", "{\"name\":\"p\",\"type\":\"sma_cross\","
                    + "\"parameters\":{\"fast\":" + v + "}}"), "parameters.fast");
            checked++;
        }
        // huge but each valid: the cost is what is refused
        JsonNode capital = refused(carol.post("/api/v1/trades", trade.formatted("1000000000000", "1000000000000", "0")),
                "buying 1e12 at 1e12", 422);
        assertThat(capital.path("code").asText()).isEqualTo("INSUFFICIENT_CAPITAL");
        refused(carol.post("/api/v1/trades", trade.formatted("1", "100", "0").replace("\"buy\"", "\"sell\"")), "selling nothing", 422);

        assertThat(checked).isEqualTo(21 * 4 + 1 + 9 + 6 + 10);
        assertThat(fingerprint(secured.databaseUrl())).as("rows after " + checked + " hostile amounts").isEqualTo(before);
        JsonNode mine = carol.get("/api/v1/backtests/" + backtest).json();
        assertThat(mine.path("initial_capital").decimalValue()).isEqualByComparingTo("10000");
        assertThat(mine.path("metrics").path("total_trades").asInt()).isZero();
    }

    /**
     * A 400 VALIDATION_FAILED naming the field (the body, for NaN and Infinity, which are not JSON at all),
     * with a short message (nothing was expanded).
     */
    private static void expectInvalid(String what, Http.Reply r, String... fields) {
        JsonNode p = refused(r, what, 400);
        assertThat(p.path("code").asText()).as(what).isEqualTo("VALIDATION_FAILED");
        boolean notJson = what.endsWith(" NaN") || what.endsWith(" Infinity");
        assertThat(p.path("errors").findValuesAsText("field")).as(what + ": " + r.body())
                .containsAnyOf(notJson ? new String[] {"body"} : fields);
        assertThat(r.body().length()).as(what + " body size").isLessThan(2_000);
    }
}
