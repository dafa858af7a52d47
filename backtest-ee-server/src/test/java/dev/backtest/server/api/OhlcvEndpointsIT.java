package dev.backtest.server.api;

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
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seven OHLCV endpoints on the shared embedded server, which holds the sample data (BTC, ETH
 * and EURUSD, 1-minute bars for 2023 and 2024). Tests that count cache hits use date ranges no
 * other test uses.
 */
@ExtendWith(SharedServer.class)
class OhlcvEndpointsIT {

    private static final String DATA = "/api/v1/ohlcv/data";
    private final Http http = new Http();
    private ServerProcess server;

    @BeforeEach
    void server(ServerProcess shared) {
        server = shared;
    }

    private Http.Reply get(String path, String... headers) {
        return http.get(server.uri(path), headers);
    }

    private Http.Reply post(String path, String json) {
        return http.send("POST", server.uri(path), json, "Content-Type", "application/json");
    }

    private static JsonNode ok(Http.Reply r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        return r.json();
    }

    private static JsonNode problem(Http.Reply r, int status, String code) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        JsonNode p = r.json();
        assertThat(p.path("code").asText()).isEqualTo(code);
        assertThat(p.path("status").asInt()).isEqualTo(status);
        assertThat(p.path("request_id").asText()).isEqualTo(r.header("X-Request-ID"));
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("at dev.");
        return p;
    }

    private static List<String> errorFields(JsonNode problem) {
        List<String> fields = new ArrayList<>();
        problem.path("errors").forEach(e -> {
            assertThat(e.path("message").asText()).isNotBlank();
            fields.add(e.path("field").asText());
        });
        return fields;
    }

    @Test
    void symbolsListsTheSeededSymbolsOfTheYearlyLayout() {
        JsonNode body = ok(get("/api/v1/ohlcv/symbols"));
        assertThat(body.path("source_resolution").asText()).isEqualTo("1Y");
        List<String> symbols = new ArrayList<>();
        body.path("symbols").forEach(s -> symbols.add(s.asText()));
        assertThat(symbols).contains("BTC", "ETH", "EURUSD").isSorted();
        assertThat(body.path("count").asInt()).isEqualTo(symbols.size());
    }

    @Test
    void symbolsOfTheDailyLayoutAreEmptyAndAnUnknownLayoutIsRejected() {
        JsonNode daily = ok(get("/api/v1/ohlcv/symbols?source_resolution=1m"));
        assertThat(daily.path("source_resolution").asText()).isEqualTo("1m");
        assertThat(daily.path("symbols")).isEmpty();

        JsonNode p = problem(get("/api/v1/ohlcv/symbols?source_resolution=1d"), 400, "VALIDATION_FAILED");
        assertThat(errorFields(p)).containsExactly("source_resolution");
        assertThat(p.path("detail").asText()).contains("'1d'").contains("1Y").contains("1m");
    }

    @Test
    void rangeGivesFirstAndLastDayPerLayoutWithData() {
        JsonNode body = ok(get("/api/v1/ohlcv/symbols/BTC/range"));
        assertThat(body.path("symbol").asText()).isEqualTo("BTC");
        JsonNode yearly = body.path("ranges").path("1Y");
        assertThat(yearly.path("start_date").asText()).isEqualTo("2023-01-01");
        assertThat(yearly.path("end_date").asText()).isEqualTo("2024-12-31");
        assertThat(yearly.path("first_bar").asText()).isEqualTo("2023-01-01T00:00:00Z");
        assertThat(yearly.path("last_bar").asText()).startsWith("2024-12-31T23:");
        assertThat(body.path("ranges").has("1m")).isFalse();
    }

    @Test
    void rangeOfASymbolWithoutDataIs404() {
        JsonNode p = problem(get("/api/v1/ohlcv/symbols/NODATA/range"), 404, "SYMBOL_NOT_FOUND");
        assertThat(p.path("type").asText()).isEqualTo("/problems/symbol-not-found");
        assertThat(p.path("detail").asText()).contains("NODATA");
    }

    @Test
    void candlesAreColumnarByDefaultWithUnixSecondBucketStarts() {
        JsonNode body = ok(get(DATA + "?symbol=BTC&start_date=2024-01-01&end_date=2024-01-01&timeframe=4h"));
        assertThat(body.path("symbol").asText()).isEqualTo("BTC");
        assertThat(body.path("timeframe").asText()).isEqualTo("4h");
        assertThat(body.path("source_resolution").asText()).isEqualTo("1Y");
        assertThat(body.path("count").asInt()).isEqualTo(6);
        for (String column : List.of("t", "o", "h", "l", "c", "v")) {
            assertThat(body.path(column).size()).as(column).isEqualTo(6);
        }
        for (int i = 0; i < 6; i++) {
            assertThat(body.path("t").get(i).asLong()).isEqualTo(1_704_067_200L + i * 14_400L);
            double o = body.path("o").get(i).asDouble();
            double h = body.path("h").get(i).asDouble();
            double l = body.path("l").get(i).asDouble();
            double c = body.path("c").get(i).asDouble();
            assertThat(h).isGreaterThanOrEqualTo(Math.max(o, c));
            assertThat(l).isLessThanOrEqualTo(Math.min(o, c)).isPositive();
            assertThat(body.path("v").get(i).asDouble()).isPositive();
        }
        assertThat(body.has("candles")).isFalse();
    }

    @Test
    void rowsFormatHoldsTheSameCandlesAsTheColumns() {
        String query = "?symbol=ETH&start_date=2024-02-01&end_date=2024-02-07&timeframe=1d";
        JsonNode columns = ok(get(DATA + query));
        JsonNode rows = ok(get(DATA + query + "&format=rows"));
        assertThat(rows.has("t")).isFalse();
        assertThat(rows.path("count").asInt()).isEqualTo(7).isEqualTo(columns.path("count").asInt());
        JsonNode candles = rows.path("candles");
        assertThat(candles.size()).isEqualTo(7);
        for (int i = 0; i < 7; i++) {
            for (String f : List.of("t", "o", "h", "l", "c", "v")) {
                assertThat(candles.get(i).path(f)).as(f + i).isEqualTo(columns.path(f).get(i));
            }
        }
    }

    @Test
    void csvIsServedForAcceptTextCsvWithIsoTimes() {
        String query = "?symbol=EURUSD&start_date=2024-01-02&end_date=2024-01-02&timeframe=4h";
        JsonNode columns = ok(get(DATA + query));
        Http.Reply csv = get(DATA + query, "Accept", "text/csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).isEqualTo("time,open,high,low,close,volume");
        assertThat(lines).hasSize(7);
        assertThat(lines.get(1)).startsWith("2024-01-02T00:00:00Z,");
        for (int i = 0; i < 6; i++) {
            String[] cells = lines.get(i + 1).split(",");
            assertThat(java.time.Instant.parse(cells[0]).getEpochSecond()).isEqualTo(columns.path("t").get(i).asLong());
            assertThat(Double.parseDouble(cells[4])).isEqualTo(columns.path("c").get(i).asDouble());
            assertThat(Double.parseDouble(cells[5])).isEqualTo(columns.path("v").get(i).asDouble());
        }
    }

    @Test
    void aMediaTypeNeitherJsonNorCsvIs406() {
        problem(get(DATA + "?symbol=BTC&start_date=2024-01-01&end_date=2024-01-01", "Accept", "application/xml"), 406,
                "NOT_ACCEPTABLE");
    }

    @Test
    void postDataAnswersLikeGet() {
        JsonNode viaGet = ok(get(DATA + "?symbol=ETH&start_date=2023-06-01&end_date=2023-06-03&timeframe=1h&format=rows"));
        JsonNode viaPost = ok(post(DATA, """
                {"symbol":"ETH","start_date":"2023-06-01","end_date":"2023-06-03","timeframe":"1h","format":"rows"}"""));
        assertThat(viaPost).isEqualTo(viaGet);
        assertThat(viaPost.path("count").asInt()).isEqualTo(72);
    }

    @Test
    void postDataRejectsUnknownFieldsAndMalformedJson() {
        JsonNode unknown = problem(post(DATA, """
                {"symbol":"ETH","start":"2023-06-01","end_date":"2023-06-03"}"""), 400, "VALIDATION_FAILED");
        assertThat(errorFields(unknown)).containsExactly("start");
        assertThat(unknown.path("detail").asText()).contains("start_date");

        JsonNode malformed = problem(post(DATA, "{\"symbol\":\"ETH\","), 400, "VALIDATION_FAILED");
        assertThat(errorFields(malformed)).containsExactly("body");

        JsonNode empty = problem(post(DATA, "{}"), 400, "VALIDATION_FAILED");
        assertThat(errorFields(empty)).containsExactly("symbol", "start_date", "end_date");
    }

    @Test
    void batchAnswersEverySymbolKeyedInRequestOrderLikeSingleQueries() {
        JsonNode body = ok(post("/api/v1/ohlcv/batch", """
                {"symbols":["EURUSD","BTC","ETH"],"start_date":"2024-03-01","end_date":"2024-03-07","timeframe":"1d"}"""));
        assertThat(body.path("timeframe").asText()).isEqualTo("1d");
        List<String> keys = new ArrayList<>();
        body.path("data").fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("EURUSD", "BTC", "ETH");
        for (String s : keys) {
            JsonNode single = ok(get(DATA + "?symbol=" + s + "&start_date=2024-03-01&end_date=2024-03-07&timeframe=1d"));
            assertThat(body.path("data").path(s)).as(s).isEqualTo(single);
        }
        // EURUSD does not trade on Saturday 2024-03-02
        List<Long> eurusdDays = new ArrayList<>();
        body.path("data").path("EURUSD").path("t").forEach(t -> eurusdDays.add(t.asLong()));
        assertThat(eurusdDays).contains(1_709_251_200L).doesNotContain(1_709_337_600L);
        assertThat(body.path("data").path("BTC").path("count").asInt()).isEqualTo(7);
    }

    @Test
    void batchRefusesMoreThanTwentySymbolsAndAnEmptyList() {
        String many = IntStream.rangeClosed(1, 21).mapToObj(i -> "\"S" + i + "\"").collect(Collectors.joining(","));
        JsonNode tooMany = problem(post("/api/v1/ohlcv/batch", "{\"symbols\":[" + many
                + "],\"start_date\":\"2024-01-01\",\"end_date\":\"2024-01-02\"}"), 400, "VALIDATION_FAILED");
        assertThat(errorFields(tooMany)).containsExactly("symbols");
        assertThat(tooMany.path("detail").asText()).contains("20");

        JsonNode none = problem(post("/api/v1/ohlcv/batch", "{\"symbols\":[],\"start_date\":\"2024-01-01\",\"end_date\":\"2024-01-02\"}"),
                400, "VALIDATION_FAILED");
        assertThat(errorFields(none)).containsExactly("symbols");
    }

    @Test
    void batchWithAnUnknownSymbolIs404() {
        problem(post("/api/v1/ohlcv/batch", """
                {"symbols":["BTC","NODATA"],"start_date":"2024-01-01","end_date":"2024-01-02"}"""), 404, "SYMBOL_NOT_FOUND");
    }

    @Test
    void timeframesListTheCatalogueInOrder() {
        JsonNode body = ok(get("/api/v1/ohlcv/timeframes"));
        List<String> codes = new ArrayList<>();
        body.path("timeframes").forEach(t -> codes.add(t.path("code").asText()));
        assertThat(codes).containsExactly("1m", "5m", "15m", "30m", "1h", "4h", "1d", "1w", "1M");
        assertThat(body.path("default_timeframe").asText()).isEqualTo("1h");
        assertThat(body.path("timeframes").get(4).path("seconds").asLong()).isEqualTo(3600);
    }

    @Test
    void cacheStatisticsCountAnIdenticalRepeatAsAHit() {
        String query = DATA + "?symbol=BTC&start_date=2023-09-11&end_date=2023-09-12&timeframe=15m";
        ok(get(query));
        JsonNode before = ok(get("/api/v1/ohlcv/cache"));
        ok(get(query));
        JsonNode after = ok(get("/api/v1/ohlcv/cache"));
        assertThat(after.path("hits").asLong()).isGreaterThan(before.path("hits").asLong());
        assertThat(after.path("entries").asInt()).isPositive();
        assertThat(after.path("bytes").asLong()).isPositive();
        assertThat(after.path("max_bytes").asLong()).isGreaterThanOrEqualTo(after.path("bytes").asLong());
        assertThat(after.path("misses").asLong()).isPositive();
        assertThat(after.path("hit_ratio").asDouble()).isBetween(0.0, 1.0);
        assertThat(after.path("downloads").asLong()).isPositive();
        assertThat(after.has("evictions")).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "                                                       | symbol,start_date,end_date",
            "symbol=BTC                                             | start_date,end_date",
            "symbol=BTC&start_date=2024-13-01&end_date=2024-01-02   | start_date",
            "symbol=BTC&start_date=2024-01-01&end_date=yesterday    | end_date",
            "symbol=BTC&start_date=2024-01-01&end_date=2024-01-02&format=xml | format",
            "symbol=BTC&start_date=2024-01-01&end_date=2024-01-02&source_resolution=1Z | source_resolution"})
    void missingOrGarbledParametersAreOne400ListingEachField(String query, String fields) {
        JsonNode p = problem(get(DATA + "?" + (query == null ? "" : query)), 400, "VALIDATION_FAILED");
        assertThat(errorFields(p)).containsExactly(fields.split(","));
        assertThat(p.path("type").asText()).isEqualTo("/problems/validation-failed");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "symbol=BTC&start_date=2024-01-01&end_date=2024-01-02&timeframe=2h | 400 | INVALID_TIMEFRAME | timeframe",
            "symbol=BTC&start_date=2024-01-01&end_date=2024-01-02&timeframe=1H | 400 | INVALID_TIMEFRAME | timeframe",
            "symbol=btc&start_date=2024-01-01&end_date=2024-01-02               | 400 | INVALID_SYMBOL    | symbol",
            "symbol=BTC&start_date=2024-01-05&end_date=2024-01-02               | 400 | DATE_RANGE        | end_date",
            "symbol=NODATA&start_date=2024-01-01&end_date=2024-01-02            | 404 | SYMBOL_NOT_FOUND  |",
            "symbol=BTC&start_date=2019-01-01&end_date=2019-12-31               | 400 | DATE_RANGE        |"})
    void eachErrorHasItsCodeAndStatus(String query, int status, String code, String field) {
        JsonNode p = problem(get(DATA + "?" + query), status, code);
        if (field != null) {
            assertThat(errorFields(p)).containsExactly(field);
        }
    }

    @Test
    void dateRangeOutsideTheDataSaysWhichRangeExists() {
        JsonNode p = problem(get(DATA + "?symbol=BTC&start_date=2019-01-01&end_date=2019-12-31"), 400, "DATE_RANGE");
        assertThat(p.path("available_start").asText()).isEqualTo("2023-01-01");
        assertThat(p.path("available_end").asText()).isEqualTo("2024-12-31");
    }

    @Test
    void aResultAboveTheRowLimitIs422WithAHint() {
        JsonNode p = problem(get(DATA + "?symbol=BTC&start_date=2023-01-01&end_date=2024-12-31&timeframe=1m"), 422,
                "RESULT_TOO_LARGE");
        assertThat(p.path("detail").asText()).contains("coarser timeframe");
        assertThat(p.path("limit").asLong()).isEqualTo(1_000_000L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/ohlcv/symbols/../range", "/api/v1/ohlcv/symbols/%2e%2e/range",
            "/api/v1/ohlcv/symbols/%2E%2E%2F%2E%2E/range", "/api/v1/ohlcv/symbols/BTC/../../x/range",
            "/api/v1/ohlcv/symbols/BTC%2F..%2F..%2Fx/range"})
    void symbolPathTraversalIsRejected(String path) {
        Http.Reply r = get(path);
        assertThat(r.status()).as(path + " -> " + r.body()).isIn(400, 404);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().path("code").asText()).isIn("INVALID_SYMBOL", "NOT_FOUND", "SYMBOL_NOT_FOUND", "BAD_REQUEST");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../etc", "%2e%2e", "%2E%2E%2Fx", "BTC/../../x", "BTC%2F..%2F..%2Fx", "..%5Cwindows", "BTC%00"})
    void symbolParameterTraversalIsAnInvalidSymbol(String symbol) {
        problem(get(DATA + "?symbol=" + symbol + "&start_date=2024-01-01&end_date=2024-01-02"), 400, "INVALID_SYMBOL");
    }

    @Test
    void metricsShowRequestLatencyPerEndpointAndMarketDataWork() {
        ok(get(DATA + "?symbol=ETH&start_date=2023-04-03&end_date=2023-04-04&timeframe=30m"));
        ok(get(DATA + "?symbol=ETH&start_date=2023-04-03&end_date=2023-04-04&timeframe=30m"));
        ok(get("/api/v1/ohlcv/symbols/ETH/range"));
        String metrics = get("/metrics").body();
        assertThat(metrics)
                .containsPattern("http_server_request_seconds_count\\{endpoint=\"/api/v1/ohlcv/data\",method=\"GET\"[^}]*} [1-9]")
                .containsPattern("http_server_request_seconds_count\\{endpoint=\"/api/v1/ohlcv/symbols/\\{symbol}/range\",method=\"GET\"")
                .containsPattern("marketdata_cache_hits_total\\{[^}]*} [1-9]")
                .containsPattern("marketdata_cache_misses_total\\{[^}]*} [1-9]")
                .containsPattern("marketdata_candle_query_seconds_count\\{cache=\"hit\"[^}]*} [1-9]")
                // the uncached query: aggregated by DuckDB, or by the hot tier when the year is decoded already (the
                // sample index's run reads it at start), so the miss timer is what always counts it
                .containsPattern("marketdata_candle_query_seconds_count\\{cache=\"miss\"[^}]*} [1-9]")
                .contains("marketdata_duckdb_query_seconds_count")
                .containsPattern("marketdata_object_download_seconds_count\\{[^}]*} [1-9]")
                .containsPattern("marketdata_object_downloaded_bytes_total\\{[^}]*} [1-9]");
    }
}
