package dev.backtest.server.api;

import dev.backtest.server.testing.Http;
import dev.backtest.server.testing.ServerProcess;
import dev.backtest.server.testing.SharedServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP caching of candle answers on the shared embedded server (sample data: BTC, ETH, EURUSD for 2023 and 2024):
 * weak ETags stable across repeats and spellings, {@code 304} on {@code If-None-Match} (one tag, a list, {@code *}),
 * a new ETag once an import changes the stored object, and {@code Cache-Control} by range. Uses date ranges and a
 * symbol no other test uses.
 */
@ExtendWith(SharedServer.class)
class CandleCachingIT {

    private static final String BTC_MARCH = "/api/v1/ohlcv/data?symbol=BTC&start_date=2024-03-11&end_date=2024-03-13&timeframe=1h";
    private final Http http = new Http();
    private ServerProcess server;

    @BeforeEach
    void server(ServerProcess shared) {
        server = shared;
    }

    private Http.Reply get(String path, String... headers) {
        return http.get(server.uri(path), headers);
    }

    @Test
    void etagIsStableAcrossRepeatsAndEncodingsAndAMatchAnswers304WithoutBody() {
        Http.Reply first = get(BTC_MARCH);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        String etag = first.header("ETag");
        assertThat(etag).matches("W/\"[A-Za-z0-9_-]{24}\"");
        assertThat(first.header("Cache-Control")).isEqualTo("private, max-age=3600");
        assertThat(first.headers().allValues("Vary")).anySatisfy(v -> assertThat(v).contains("Accept"));

        assertThat(get(BTC_MARCH).header("ETag")).as("a repeat").isEqualTo(etag);
        assertThat(get(BTC_MARCH.replace("timeframe=1h", "timeframe=1h&format=columns") + "&source_resolution=1Y").header("ETag"))
                .as("the same request spelt with its defaults").isEqualTo(etag);
        assertThat(get(BTC_MARCH, "Accept-Encoding", "gzip").header("ETag")).as("gzipped: a weak tag covers both").isEqualTo(etag);

        Http.Reply notModified = get(BTC_MARCH, "If-None-Match", etag);
        assertThat(notModified.status()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
        assertThat(notModified.header("ETag")).isEqualTo(etag);
        assertThat(notModified.header("Cache-Control")).isEqualTo("private, max-age=3600");
        assertThat(get(BTC_MARCH, "If-None-Match", "\"other\", " + etag.substring(2)).status()).as("strong spelling in a list")
                .isEqualTo(304);
        assertThat(get(BTC_MARCH, "If-None-Match", "*").status()).isEqualTo(304);
        assertThat(get(BTC_MARCH, "If-None-Match", "W/\"other\"").status()).isEqualTo(200);
        assertThat(get(BTC_MARCH, "If-None-Match", "garbage, W/").status()).isEqualTo(200);
    }

    @Test
    void everyRepresentationAndRequestHasItsOwnEtag() {
        String columns = get(BTC_MARCH).header("ETag");
        String rows = get(BTC_MARCH + "&format=rows").header("ETag");
        Http.Reply csv = get(BTC_MARCH, "Accept", "text/csv");
        String daily = get(BTC_MARCH.replace("1h", "1d")).header("ETag");
        String eth = get(BTC_MARCH.replace("BTC", "ETH")).header("ETag");
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(java.util.List.of(columns, rows, csv.header("ETag"), daily, eth)).doesNotContainNull().doesNotHaveDuplicates();
        assertThat(get(BTC_MARCH, "Accept", "text/csv", "If-None-Match", csv.header("ETag")).status()).isEqualTo(304);
        assertThat(get(BTC_MARCH, "If-None-Match", csv.header("ETag")).status()).as("the CSV tag is not the JSON's").isEqualTo(200);
    }

    @Test
    void rangesTouchingYesterdayOrTodayMustBeRevalidated() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Http.Reply recent = get("/api/v1/ohlcv/data?symbol=BTC&start_date=2024-12-30&end_date=" + today + "&timeframe=1d");
        assertThat(recent.status()).as(recent.body()).isEqualTo(200);
        assertThat(recent.header("Cache-Control")).isEqualTo("private, no-cache");
        assertThat(recent.header("ETag")).isNotNull();
        assertThat(get("/api/v1/ohlcv/data?symbol=BTC&start_date=2024-12-30&end_date=" + today.minusDays(1) + "&timeframe=1d")
                .header("Cache-Control")).isEqualTo("private, no-cache");
        assertThat(get("/api/v1/ohlcv/data?symbol=BTC&start_date=2024-12-30&end_date=" + today.minusDays(2) + "&timeframe=1d")
                .header("Cache-Control")).isEqualTo("private, max-age=3600");
    }

    @Test
    void postAnswersAndErrorsAreNotCacheable() {
        Http.Reply posted = http.send("POST", server.uri("/api/v1/ohlcv/data"), "{\"symbol\": \"BTC\", \"start_date\": \"2024-03-11\", "
                + "\"end_date\": \"2024-03-13\"}", "Content-Type", "application/json");
        assertThat(posted.status()).isEqualTo(200);
        assertThat(posted.header("ETag")).isNull();
        assertThat(posted.header("Cache-Control")).isEqualTo("no-store");
        Http.Reply bad = get("/api/v1/ohlcv/data?symbol=BTC&start_date=2024-03-13&end_date=2024-03-11", "If-None-Match", "*");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.header("ETag")).isNull();
        assertThat(bad.header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void anImportThatChangesTheStoredObjectChangesTheEtag() {
        String range = "/api/v1/ohlcv/data?symbol=ETAGX&start_date=2024-06-03&end_date=2024-06-04&timeframe=1h";
        long t0 = Instant.parse("2024-06-03T10:00:00Z").getEpochSecond();
        importMinutes(t0, 10.5);
        Http.Reply before = get(range);
        assertThat(before.status()).as(before.body()).isEqualTo(200);
        String etag = before.header("ETag");
        assertThat(get(range, "If-None-Match", etag).status()).isEqualTo(304);

        importMinutes(t0 + 3600, 20.5); // the next hour, merged into the same yearly object

        Http.Reply after = get(range, "If-None-Match", etag);
        assertThat(after.status()).as("the object changed: the client's copy is stale").isEqualTo(200);
        assertThat(after.json().path("count").asInt()).isEqualTo(2);
        assertThat(after.header("ETag")).isNotEqualTo(etag);
        assertThat(get(range, "If-None-Match", after.header("ETag")).status()).isEqualTo(304);
    }

    @Test
    void gzipClientsGetTheKeptGzipFormOfTheSameBody() throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpRequest gz = java.net.http.HttpRequest.newBuilder(server.uri(BTC_MARCH + "&format=rows"))
                .header("Accept-Encoding", "gzip").GET().build();
        java.net.http.HttpResponse<byte[]> first = client.send(gz, java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        java.net.http.HttpResponse<byte[]> again = client.send(gz, java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        Http.Reply plain = get(BTC_MARCH + "&format=rows");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Content-Encoding")).contains("gzip");
        assertThat(first.headers().allValues("Vary").toString()).contains("Accept-Encoding");
        assertThat(again.body()).as("the kept bytes").isEqualTo(first.body());
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(again.body()))) {
            assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(plain.body());
        }
        assertThat(plain.header("Content-Encoding")).isNull();
        assertThat(first.headers().firstValue("ETag")).contains(plain.header("ETag"));
    }

    private void importMinutes(long from, double close) {
        StringBuilder csv = new StringBuilder("time,open,high,low,close,volume\n");
        for (int i = 0; i < 60; i++) {
            csv.append(from + 60L * i).append(",10,30,9,").append(close).append(',').append(i).append('\n');
        }
        Http.Reply imported = http.send("POST", server.uri("/api/v1/admin/ohlcv/ETAGX/import"), csv.toString(), "Content-Type", "text/csv");
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
    }
}
