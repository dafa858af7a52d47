package dev.backtest.server.api;

import dev.backtest.server.testing.Http;
import dev.backtest.server.testing.SecuredServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cached candles answered in front of JAX-RS ({@code CachedCandlesFilter}), on the server with authentication and a rate
 * limit of 20 a second, bursts of 40: the answer is the resource's, header for header (a repeat, served from memory,
 * against the first answer, which JAX-RS computed), and it is no way around authentication or the rate limit, which
 * count a request once whichever way it is answered.
 */
@ExtendWith(SecuredServer.class)
class CachedCandlesFastPathIT {

    private static final String JANUARY = "/api/v1/ohlcv/data?symbol=ETH&start_date=2024-01-08&end_date=2024-01-12&timeframe=1h";
    private final Http http = new Http();
    private SecuredServer.Handle secured;

    @BeforeEach
    void server(SecuredServer.Handle handle) {
        secured = handle;
    }

    private String bearer(UUID user) {
        return "Bearer " + secured.tokens().hs256(user);
    }

    @Test
    void aCachedRepeatIsTheFirstAnswerHeaderForHeaderAndCarriesItsLength() {
        String token = bearer(UUID.randomUUID());
        Http.Reply first = http.get(secured.server().uri(JANUARY), "Authorization", token, "Origin", SecuredServer.CORS_ORIGIN);
        Http.Reply repeat = http.get(secured.server().uri(JANUARY), "Authorization", token, "Origin", SecuredServer.CORS_ORIGIN);
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(repeat.status()).isEqualTo(200);
        assertThat(repeat.body()).isEqualTo(first.body());
        assertThat(first.json().path("t").size()).isEqualTo(5 * 24);
        for (String name : List.of("Content-Type", "ETag", "Cache-Control", "Vary", "X-Content-Type-Options", "Content-Security-Policy",
                "Strict-Transport-Security", "Access-Control-Allow-Origin")) {
            assertThat(repeat.header(name)).as(name).isNotNull().isEqualTo(first.header(name));
        }
        assertThat(repeat.header("X-Request-ID")).isNotBlank().isNotEqualTo(first.header("X-Request-ID"));
        assertThat(repeat.header("traceparent")).isNotBlank();
        assertThat(repeat.header("Content-Length")).as("kept bytes are sent with their length")
                .isEqualTo(Integer.toString(repeat.body().getBytes(StandardCharsets.UTF_8).length));

        Http.Reply notModified = http.get(secured.server().uri(JANUARY), "Authorization", token, "If-None-Match", first.header("ETag"));
        assertThat(notModified.status()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
        assertThat(notModified.header("ETag")).isEqualTo(first.header("ETag"));
        assertThat(notModified.header("Cache-Control")).isEqualTo("private, max-age=3600");

        Http.Reply csv = http.get(secured.server().uri(JANUARY), "Authorization", token, "Accept", "text/csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(http.get(secured.server().uri(JANUARY), "Authorization", token, "Accept", "application/xml").status())
                .as("a type the route does not produce is refused by JAX-RS, cached or not").isEqualTo(406);
    }

    @Test
    void aGzipClientGetsTheKeptCompressedBytesOfTheSameAnswer() throws IOException, InterruptedException {
        String token = bearer(UUID.randomUUID());
        Http.Reply plain = http.get(secured.server().uri(JANUARY), "Authorization", token);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<byte[]> gzip = client.send(HttpRequest.newBuilder(secured.server().uri(JANUARY)).header("Authorization", token)
                .header("Accept-Encoding", "gzip").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(gzip.statusCode()).isEqualTo(200);
        assertThat(gzip.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(gzip.headers().firstValue("ETag")).hasValue(plain.header("ETag"));
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip.body()))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(plain.body());
        }
    }

    @Test
    void aCachedAnswerNeedsAValidUserTokenLikeAnyOther() {
        String token = bearer(UUID.randomUUID());
        assertThat(http.get(secured.server().uri(JANUARY), "Authorization", token).status()).as("now cached").isEqualTo(200);

        Http.Reply none = http.get(secured.server().uri(JANUARY));
        none.assertProblem(401, "TOKEN_MISSING");
        assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(none.body()).doesNotContain("\"t\"");
        http.get(secured.server().uri(JANUARY), "Authorization", "Bearer not-a-token").assertProblem(401, "TOKEN_MALFORMED");
        String expired = "Bearer " + secured.tokens().hs256(UUID.randomUUID(), c -> c.expirationTime(new java.util.Date(0)));
        assertThat(http.get(secured.server().uri(JANUARY), "Authorization", expired).status()).isEqualTo(401);
        http.get(secured.server().uri(JANUARY), "Authorization", "Bearer " + SecuredServer.ADMIN_TOKEN).assertProblem(403, "FORBIDDEN");
    }

    @Test
    void theRateLimitCountsACachedAnswerOnceAndAPassedOnRequestOnce() throws Exception {
        // 40 different ranges, none cached yet: each is let in by the filter, then answered by JAX-RS; counted twice,
        // 40 requests would need 80 permits of a burst of 40 (and about 20 more a second)
        String token = bearer(UUID.randomUUID());
        List<Integer> misses = new ArrayList<>();
        LocalDate day = LocalDate.of(2023, 2, 1);
        for (int i = 0; i < 40; i++) {
            String path = "/api/v1/ohlcv/data?symbol=BTC&start_date=" + day.plusDays(i) + "&end_date=" + day.plusDays(i)
                    + "&timeframe=15m";
            misses.add(http.get(secured.server().uri(path), "Authorization", token).status());
        }
        assertThat(misses).as("40 first requests within one burst").containsOnly(200);

        // now cached: a burst beyond the limit is refused as any other request is
        // (from 8 threads, so that even a slow machine sends them faster than 20 a second refill)
        String other = bearer(UUID.randomUUID());
        assertThat(http.get(secured.server().uri(JANUARY), "Authorization", token).status()).as("cached").isEqualTo(200);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Http.Reply> replies;
        try {
            List<Future<Http.Reply>> sent = new ArrayList<>();
            for (int i = 0; i < 320; i++) {
                sent.add(pool.submit(() -> http.get(secured.server().uri(JANUARY), "Authorization", other)));
            }
            replies = new ArrayList<>();
            for (Future<Http.Reply> f : sent) {
                replies.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        long ok = replies.stream().filter(r -> r.status() == 200).count();
        List<Http.Reply> limited = replies.stream().filter(r -> r.status() == 429).toList();
        assertThat(ok + limited.size()).isEqualTo(320);
        assertThat(ok).as("at least the burst").isGreaterThanOrEqualTo(40);
        assertThat(limited).as("cached answers are rate limited too").isNotEmpty();
        limited.get(0).assertProblem(429, "RATE_LIMITED");
        assertThat(limited.get(0).header("Retry-After")).isNotBlank();
    }
}
