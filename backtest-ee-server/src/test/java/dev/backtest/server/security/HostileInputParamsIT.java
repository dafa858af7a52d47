package dev.backtest.server.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.backtest.server.security.Hostile.Caller;
import dev.backtest.server.security.Hostile.RawReply;
import dev.backtest.server.security.Routes.Route;
import dev.backtest.server.testing.Http;
import dev.backtest.server.testing.SecuredServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.backtest.server.security.Hostile.enc;
import static dev.backtest.server.security.Hostile.fingerprint;
import static dev.backtest.server.security.Hostile.refused;
import static dev.backtest.server.security.Hostile.refusedByContainer;
import static dev.backtest.server.security.Hostile.refusedOrDroppedByContainer;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile text where the server takes names: symbols (path, query and bodies), storage prefixes,
 * keys and cursors, ids and the other query parameters get path traversal, SQL and shell
 * metacharacters, NUL bytes and very long values; {@code X-Request-ID} gets header injection.
 * Each is a 400 or 404 problem (or, for bytes HTTP itself forbids, Payara's own empty 400), never
 * a 5xx, and nothing is written.
 */
@ExtendWith(SecuredServer.class)
class HostileInputParamsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LONG = "A".repeat(4_000);

    private static SecuredServer.Handle secured;
    private static Caller dave;
    private static Hostile.Pool anyone;
    private static String backtest;

    @BeforeAll
    static void davesRows(SecuredServer.Handle handle) {
        secured = handle;
        dave = Caller.seen(handle);
        Http.Reply b = dave.post("/api/v1/backtests", Routes.BACKTEST);
        assertThat(b.status()).as(b.body()).isEqualTo(201);
        backtest = b.json().path("id").asText();
        anyone = new Hostile.Pool(handle, 4);
    }

    /** Text that must never become a path, a key or SQL. */
    private static final List<String> NAMES = List.of("..", "../", "..\\..\\windows", "BTC/../../x", "ohlcv/../../etc/passwd", "/etc/passwd",
            "'; DROP TABLE users;--", "BTC' OR '1'='1", "BTC\" OR \"1\"=\"1", "1 OR 1=1", "BTC\u0000", "\u0000", "BTC;ls", "$(reboot)", "`id`",
            "BTC\r\nX-Injected: 1", "%2e%2e%2f", "%00", "file:///etc/passwd", "http://169.254.169.254/latest/meta-data/", "ＢＴＣ", "*", "%",
            "<script>alert(1)</script>", "${jndi:ldap://x/a}", LONG, "a/".repeat(600));

    private static String json(String value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void traversalAndSqlInSymbolsPrefixesKeysAndCursorsAreRefused() {
        Map<String, String> before = fingerprint(secured.databaseUrl());
        for (String name : NAMES) {
            String q = enc(name);
            String shown = Hostile.shorten(name.replace("\u0000", "\\0").replace("\r\n", "\\r\\n"));
            List<Object[]> calls = List.of(
                    new Object[] {"GET", "/api/v1/ohlcv/data?symbol=" + q + "&start_date=2024-01-01&end_date=2024-01-02", null},
                    new Object[] {"GET", "/api/v1/ohlcv/symbols/" + q + "/range", null},
                    new Object[] {"POST", "/api/v1/ohlcv/data", "{\"symbol\":" + json(name) + ",\"start_date\":\"2024-01-01\",\"end_date\":\"2024-01-02\"}"},
                    new Object[] {"POST", "/api/v1/ohlcv/batch", "{\"symbols\":[\"BTC\"," + json(name) + "],\"start_date\":\"2024-01-01\","
                            + "\"end_date\":\"2024-01-02\"}"},
                    new Object[] {"POST", "/api/v1/backtests", Routes.BACKTEST.replace("\"BTC\"", json(name))},
                    new Object[] {"POST", "/api/v1/trades", Routes.TRADE.replace("{backtest_id}", backtest).replace("\"BTC\"", json(name))},
                    new Object[] {"GET", "/api/v1/storage/objects?prefix=" + q, null},
                    new Object[] {"GET", "/api/v1/storage/objects?cursor=" + q, null},
                    new Object[] {"GET", "/api/v1/storage/objects/url?key=" + q, null},
                    new Object[] {"GET", "/api/v1/assets/" + q, null},
                    new Object[] {"GET", "/api/v1/assets/" + q + "/market-caps", null},
                    new Object[] {"POST", "/api/v1/simulations", Routes.SIMULATION.replace("\"BTC\"", json(name))},
                    new Object[] {"POST", "/api/v1/indexes", Routes.INDEX.replace("\"BTC\"", json(name))});
            for (Object[] c : calls) {
                String what = c[0] + " " + Hostile.shorten((String) c[1]).replace(q, "<" + shown + ">");
                Http.Reply r = anyone.next().send((String) c[0], (String) c[1], (String) c[2]);
                boolean symbolInPath = ((String) c[1]).contains("/symbols/") || ((String) c[1]).contains("/assets/");
                if (symbolInPath && (name.contains("\u0000") || name.contains("\\"))) {
                    // a NUL or a backslash in a path (not a query) is refused by Payara before the application
                    refusedByContainer(r, what);
                    continue;
                }
                // a path ending in /.. may meet Grizzly's normaliser bug (Hostile.refusedOrDroppedByContainer)
                JsonNode p = symbolInPath && ((String) c[1]).endsWith("/..") ? refusedOrDroppedByContainer(r, what, 400, 404)
                        : refused(r, what, 400, 404);
                if (p == null) {
                    continue;
                }
                assertThat(p.path("code").asText()).as(what).isIn("INVALID_SYMBOL", "INVALID_KEY", "VALIDATION_FAILED", "NOT_FOUND",
                        "SYMBOL_NOT_FOUND", "ASSET_NOT_FOUND");
            }
        }
        assertThat(fingerprint(secured.databaseUrl())).as("rows after hostile names").isEqualTo(before);
    }

    @Test
    void encodedTraversalInPathsIsRefusedByTheApplicationOrByTheContainer() {
        Map<String, String> before = fingerprint(secured.databaseUrl());
        // percent-encodings the application sees decoded: problems from JAX-RS or the symbol check
        for (String segment : List.of("..", "%2e%2e", "%2E%2E", "..%2f", "%2e%2e%2f", "%2e%2e%2fadmin", "BTC%2F..%2F..%2Fx", "BTC/../../x",
                "%252e%252e", "..;", "%27%3B%20DROP%20TABLE%20users%3B--", "BTC%27%20OR%20%271%27%3D%271", enc(LONG))) {
            String path = "/api/v1/ohlcv/symbols/" + segment + "/range";
            JsonNode p = refused(anyone.next().get(path), "GET " + Hostile.shorten(path), 400, 404);
            assertThat(p.path("code").asText()).isIn("INVALID_SYMBOL", "NOT_FOUND", "SYMBOL_NOT_FOUND");
        }
        for (String file : List.of("..%2FWEB-INF%2Fweb.xml", "%2e%2e%2fWEB-INF%2fweb.xml", "index.html")) {
            JsonNode p = refused(dave.get("/docs/" + file), "GET /docs/" + file, 404);
            assertThat(p.path("code").asText()).isEqualTo("NOT_FOUND");
        }
        // what Payara itself refuses in a path, before any application code: a NUL, a backslash, overlong UTF-8, a path
        // climbing above the root, a request line over 8 KiB
        for (String path : List.of("/api/v1/ohlcv/symbols/BTC%00/range", "/api/v1/ohlcv/symbols/%00/range",
                "/api/v1/ohlcv/symbols/BTC%5C..%5C/range", "/api/v1/ohlcv/symbols/%C0%AE%C0%AE/range",
                "/api/v1/strategies/%00", "/docs/..%2F..%2Fetc%2Fpasswd", "/api/v1/ohlcv/data?symbol=" + "A".repeat(20_000) + "&start_date=2024-01-01&end_date=2024-01-02")) {
            refusedByContainer(dave.raw("GET", path, new byte[0], null), "GET " + Hostile.shorten(path));
        }
        assertThat(fingerprint(secured.databaseUrl())).as("rows after traversal paths").isEqualTo(before);
    }

    @Test
    void hostileIdsAndQueryParametersAreRefusedOnEveryRoute() {
        Map<String, String> before = fingerprint(secured.databaseUrl());
        List<String> ids = List.of(enc("'; DROP TABLE backtests;--"), enc("1 OR 1=1"), "..%2Fusers", enc(backtest + "' OR '1'='1"),
                enc(LONG), "00000000-0000-0000-0000-00000000000g");
        int checked = 0;
        for (Route route : Routes.API) {
            if (!route.idBearing()) {
                continue;
            }
            for (String id : ids) {
                String what = route + " with id " + Hostile.shorten(id);
                JsonNode p = refused(anyone.next().send(route.method(), route.path(id, id), route.body(backtest)), what, 404);
                assertThat(p.path("code").asText()).as(what).isIn("STRATEGY_NOT_FOUND", "BACKTEST_NOT_FOUND", "INDEX_NOT_FOUND");
                checked++;
            }
        }
        assertThat(checked).isEqualTo(34 * ids.size());
        List<String> queries = new ArrayList<>(List.of(
                "/api/v1/strategies?sort=" + enc("name; DROP TABLE strategies"), "/api/v1/strategies?limit=" + enc("1 OR 1=1"),
                "/api/v1/strategies?include_public=" + enc("true' --"), "/api/v1/backtests?cursor=" + enc("' UNION SELECT 1 --"),
                "/api/v1/backtests?offset=-1", "/api/v1/backtests?limit=0", "/api/v1/backtests?sort=" + enc("created_at desc"),
                "/api/v1/backtests?cursor=b246dGhyZWU", "/api/v1/trades/backtest/" + backtest + "?limit=" + LONG,
                "/api/v1/ohlcv/symbols?source_resolution=" + enc("../"),
                "/api/v1/ohlcv/data?symbol=BTC&start_date=2024-01-01&end_date=2024-01-02&timeframe=" + enc("1h'; --"),
                "/api/v1/ohlcv/data?symbol=BTC&start_date=2024-01-01&end_date=2024-01-02&format=" + enc("<script>"),
                "/api/v1/ohlcv/data?symbol=BTC&start_date=" + enc("2024-01-01' OR '1'='1") + "&end_date=2024-01-02",
                "/api/v1/ohlcv/data?symbol=BTC&start_date=2024-02-30&end_date=2024-01-02",
                "/api/v1/storage/objects?limit=-1", "/api/v1/storage/objects?limit=" + enc("1; DROP TABLE users"),
                "/api/v1/storage/objects/url?key=ohlcv/1Y/symbol=BTC/year=2024/BTC_2024.parquet&expires=-1",
                "/api/v1/storage/objects/url?key=ohlcv/1Y/symbol=BTC/year=2024/BTC_2024.parquet&expires=99999999999",
                "/api/v1/backtests/" + backtest + "/results?points=-1", "/api/v1/backtests/" + backtest + "/results?points=" + enc("1e9"),
                "/api/v1/assets?limit=0", "/api/v1/assets?cursor=" + enc("' UNION SELECT 1 --"), "/api/v1/indexes?sort=" + enc("name; --"),
                "/api/v1/assets/BTC/market-caps?start_date=" + enc("2024-01-01' OR '1'='1"),
                "/api/v1/assets/BTC/market-caps?start_date=2024-02-01&end_date=2024-01-01"));
        for (String q : queries) {
            JsonNode p = refused(anyone.next().get(q), "GET " + Hostile.shorten(q), 400, 404, 422);
            assertThat(p.path("code").asText()).as(q).isIn("VALIDATION_FAILED", "INVALID_TIMEFRAME", "RUN_NOT_FOUND");
        }
        assertThat(fingerprint(secured.databaseUrl())).as("rows after hostile ids and parameters").isEqualTo(before);
    }

    /** One request id case: the bytes sent as the header value, and whether Payara refuses the request itself. */
    private record IdCase(String name, byte[] value, boolean refusedByContainer) {
    }

    private static IdCase id(String name, String value, boolean container) {
        return new IdCase(name, value.getBytes(StandardCharsets.UTF_8), container);
    }

    @Test
    void injectedRequestIdsAreReplacedByGeneratedOnesAndNeverSplitAResponse() {
        List<IdCase> cases = List.of(
                id("quotes", "abc\"def'ghi", false),
                id("too long", "x".repeat(129), false),
                id("very long", "x".repeat(4_000), false),
                id("markup", "<script>alert(1)</script>", false),
                id("space", "a b", false),
                id("sql", "'; DROP TABLE users;--", false),
                id("json", "\",\"admin\":true,\"x\":\"", false),
                id("folded line", "abc\r\n def", false),
                id("tab", "abc\tdef", false),
                id("CRLF and a header", "abc\r\nSet-Cookie: evil=1", false),
                id("bare LF", "abc\nX-Injected: 1", true),
                id("bare CR", "abc\rX-Injected: 1", true),
                id("NUL", "abc\u0000def", true),
                id("non-ASCII", "caf\u00e9-\u6f22\u5b57", true),
                new IdCase("Latin-1 byte", new byte[] {'c', 'a', 'f', (byte) 0xe9}, true));
        Map<String, String> before = fingerprint(secured.databaseUrl());
        for (IdCase c : cases) {
            for (Caller who : List.of(dave, Caller.withAuthorization(secured, null))) {
                String what = c.name() + (who == dave ? "" : " without a token");
                byte[] header = concat("X-Request-ID: ".getBytes(StandardCharsets.US_ASCII), c.value(), "\r\n".getBytes(StandardCharsets.US_ASCII));
                RawReply r = who.raw("GET", "/api/v1/users", header, null);
                if (c.refusedByContainer()) {
                    refusedByContainer(r, what);
                    continue;
                }
                assertThat(r.status()).as(what + " -> " + r.body()).isEqualTo(who == dave ? 200 : 401);
                List<String> ids = r.headers().get("x-request-id");
                assertThat(ids).as(what).hasSize(1);
                String id = ids.get(0);
                assertThat(id).as(what).matches(Hostile.SAFE_ID);
                if (c.name().equals("CRLF and a header")) {
                    assertThat(id).as(what + ": the part before the line break is a valid id of its own").isEqualTo("abc");
                } else {
                    assertThat(id).as(what).isNotEqualTo(new String(c.value(), StandardCharsets.ISO_8859_1))
                            .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
                }
                assertThat(r.headers().keySet()).as(what + " headers").doesNotContain("set-cookie", "x-injected", "admin");
                if (r.status() == 401) {
                    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
                    assertThat(r.body()).as(what).contains("\"request_id\":\"" + id + "\"").doesNotContain("DROP TABLE")
                            .doesNotContain("<script>").doesNotContain("\"admin\":true");
                    Hostile.noLeak(what, r.body());
                }
            }
        }
        assertThat(fingerprint(secured.databaseUrl())).as("rows after request id injection").isEqualTo(before);
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
