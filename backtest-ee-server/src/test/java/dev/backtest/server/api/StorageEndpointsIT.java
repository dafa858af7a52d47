package dev.backtest.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backtest.server.testing.Http;
import dev.backtest.server.testing.ServerProcess;
import dev.backtest.server.testing.SharedServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The three storage endpoints on the shared embedded server (local folder store with the six sample files). */
@ExtendWith(SharedServer.class)
class StorageEndpointsIT {

    private static final List<String> SAMPLE_KEYS = List.of(
            "ohlcv/1Y/symbol=BTC/year=2023/BTC_2023.parquet", "ohlcv/1Y/symbol=BTC/year=2024/BTC_2024.parquet",
            "ohlcv/1Y/symbol=ETH/year=2023/ETH_2023.parquet", "ohlcv/1Y/symbol=ETH/year=2024/ETH_2024.parquet",
            "ohlcv/1Y/symbol=EURUSD/year=2023/EURUSD_2023.parquet", "ohlcv/1Y/symbol=EURUSD/year=2024/EURUSD_2024.parquet");

    private final Http http = new Http();
    private ServerProcess server;

    @BeforeEach
    void server(ServerProcess shared) {
        server = shared;
    }

    private Http.Reply get(String path) {
        return http.get(server.uri(path));
    }

    private static JsonNode problem(Http.Reply r, int status, String code, String field) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        JsonNode p = r.json();
        assertThat(p.path("code").asText()).isEqualTo(code);
        if (field != null) {
            assertThat(p.path("errors").get(0).path("field").asText()).isEqualTo(field);
        }
        return p;
    }

    @Test
    void statusReportsTheLocalStoreReachableWithItsObjects() {
        Http.Reply r = get("/api/v1/storage/status");
        assertThat(r.status()).isEqualTo(200);
        JsonNode s = r.json();
        assertThat(s.path("kind").asText()).isEqualTo("local");
        assertThat(s.path("bucket").asText()).isEqualTo("dukascopy-node");
        assertThat(s.path("reachable").asBoolean()).isTrue();
        assertThat(s.path("bucket_exists").asBoolean()).isTrue();
        assertThat(s.path("object_count").asLong()).isGreaterThanOrEqualTo(6);
        assertThat(s.path("count_truncated").asBoolean()).isFalse();
        assertThat(s.path("latency_ms").isNumber()).isTrue();
    }

    @Test
    void listingPagesThroughEveryObjectInKeyOrderWithTheCursor() {
        List<String> keys = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Http.Reply r = get("/api/v1/storage/objects?prefix=ohlcv/1Y/&limit=4" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode page = r.json();
            assertThat(page.path("prefix").asText()).isEqualTo("ohlcv/1Y/");
            assertThat(page.path("count").asInt()).isEqualTo(page.path("objects").size()).isLessThanOrEqualTo(4);
            page.path("objects").forEach(o -> {
                keys.add(o.path("key").asText());
                assertThat(o.path("size").asLong()).isPositive();
                assertThat(o.path("etag").asText()).isNotBlank();
                assertThat(o.path("last_modified").asText()).endsWith("Z");
            });
            cursor = page.path("next_cursor").isNull() ? null : page.path("next_cursor").asText();
            pages++;
        } while (cursor != null && pages < 100);
        assertThat(keys).containsAll(SAMPLE_KEYS).doesNotHaveDuplicates().isSorted();
        assertThat(pages).isGreaterThanOrEqualTo(2);
    }

    @Test
    void prefixNarrowsTheListingAndDefaultLimitApplies() {
        JsonNode page = get("/api/v1/storage/objects?prefix=ohlcv/1Y/symbol=ETH/").json();
        List<String> keys = new ArrayList<>();
        page.path("objects").forEach(o -> keys.add(o.path("key").asText()));
        assertThat(keys).containsExactly(SAMPLE_KEYS.get(2), SAMPLE_KEYS.get(3));
        assertThat(page.path("next_cursor").isNull()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"../", "..", "ohlcv/../..", "ohlcv/1Y/../../x", "/etc", "%2e%2e/", "%2E%2E%2Fsecrets", "ohlcv//1Y",
            "ohlcv/./1Y", "a%5C..%5Cb", "a%00"})
    void prefixTraversalIsAnInvalidKey(String prefix) {
        problem(get("/api/v1/storage/objects?prefix=" + prefix), 400, "INVALID_KEY", "prefix");
    }

    @Test
    void cursorIsValidatedLikeAKey() {
        problem(get("/api/v1/storage/objects?cursor=../x"), 400, "INVALID_KEY", "cursor");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1001", "-5", "ten", "1e3"})
    void limitOutsideOneToThousandIsRejected(String limit) {
        JsonNode p = problem(get("/api/v1/storage/objects?limit=" + limit), 400, "VALIDATION_FAILED", "limit");
        assertThat(p.path("errors").get(0).path("message").asText()).contains("1 to 1000");
    }

    @Test
    void presignedUrlsAreUnsupportedOnTheLocalStore() {
        JsonNode p = problem(get("/api/v1/storage/objects/url?key=" + SAMPLE_KEYS.get(0)), 422, "UNSUPPORTED_OPERATION", null);
        assertThat(p.path("detail").asText()).contains("MINIO_ENDPOINT");
    }

    @Test
    void presignedUrlParametersAreValidated() {
        problem(get("/api/v1/storage/objects/url"), 400, "VALIDATION_FAILED", "key");
        problem(get("/api/v1/storage/objects/url?key=" + SAMPLE_KEYS.get(0) + "&expires=0"), 400, "VALIDATION_FAILED", "expires");
        problem(get("/api/v1/storage/objects/url?key=" + SAMPLE_KEYS.get(0) + "&expires=604801"), 400, "VALIDATION_FAILED",
                "expires");
        problem(get("/api/v1/storage/objects/url?key=../../etc/passwd"), 400, "INVALID_KEY", "key");
        problem(get("/api/v1/storage/objects/url?key=ohlcv/%2e%2e/x"), 400, "INVALID_KEY", "key");
    }
}
