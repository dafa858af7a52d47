package dev.backtest.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backtest.sdk.marketdata.internal.DuckDb;
import dev.backtest.sdk.marketdata.internal.ParquetLayout;
import dev.backtest.sdk.marketdata.internal.SampleDataGenerator;
import dev.backtest.sdk.storage.internal.MinioObjectStore;
import dev.backtest.sdk.testing.S3Server;
import dev.backtest.server.testing.Http;
import dev.backtest.server.testing.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The S3 server goes away while the uber-jar runs: readiness goes down, a candle result computed
 * before is still served, a query that needs the store gets 503 with {@code Retry-After}, the storage
 * status says the store is unreachable, and the circuit breaker around the store opens (requests are
 * refused without trying the store). When the store comes back on the same address, readiness comes
 * back, the breaker closes again and every request is served, without restarting the server.
 */
class StoreOutageIT {

    private final Http http = new Http();

    @Test
    void cachedCandlesAreServedAndUncachedQueriesGet503WhileTheStoreIsDownAndAllRecoversWhenItReturns(@TempDir Path dir) {
        S3Server s3 = S3Server.start();
        boolean s3Running = true;
        try {
            try (DuckDb duckDb = DuckDb.open(dir.resolve("duck"), 1);
                 MinioObjectStore store = new MinioObjectStore(URI.create(s3.endpoint()), S3Server.ACCESS_KEY, S3Server.SECRET_KEY,
                         "outage-bucket")) {
                store.ensureBucket();
                SampleDataGenerator generator = new SampleDataGenerator(duckDb);
                for (SampleDataGenerator.Spec spec : new SampleDataGenerator.Spec[] {SampleDataGenerator.BTC, SampleDataGenerator.ETH}) {
                    Path file = generator.writeYears(spec, 2024, 2024, dir.resolve("gen")).get(2024);
                    store.upload(ParquetLayout.yearlyKey(spec.symbol(), 2024), file);
                }
            }
            try (ServerProcess server = ServerProcess.start("store-outage", dir.resolve("server"), Map.of(
                    "MINIO_ENDPOINT", s3.endpoint(),
                    "MINIO_ACCESS_KEY", S3Server.ACCESS_KEY,
                    "MINIO_SECRET_KEY", S3Server.SECRET_KEY,
                    "MINIO_BUCKET", "outage-bucket",
                    "AUTH_MODE", "development"))) {
                URI cached = server.uri("/api/v1/ohlcv/data?symbol=BTC&start_date=2024-05-01&end_date=2024-05-31&timeframe=1d");
                URI uncached = server.uri("/api/v1/ohlcv/data?symbol=ETH&start_date=2024-05-01&end_date=2024-05-31&timeframe=1d");
                Http.Reply before = http.get(cached);
                assertThat(before.status()).as(before.body()).isEqualTo(200);
                assertThat(before.json().path("count").asInt()).isEqualTo(31);

                assertThat(http.get(server.uri("/api/v1/health/ready")).status()).isEqualTo(200);
                URI listing = server.uri("/api/v1/storage/objects?prefix=ohlcv/1Y/");
                assertThat(http.get(listing).status()).isEqualTo(200);

                s3.close();
                s3Running = false;

                Http.Reply notReady = http.get(server.uri("/api/v1/health/ready"));
                assertThat(notReady.status()).as(notReady.body()).isEqualTo(503);
                assertThat(notReady.header("Retry-After")).isEqualTo("5");
                assertThat(notReady.json().path("ready").asBoolean()).isFalse();
                assertThat(notReady.json().path("failing").toString()).contains("object_store").doesNotContain("database");
                Http.Reply mpNotReady = http.get(server.uri("/health/ready"));
                assertThat(mpNotReady.status()).as(mpNotReady.body()).isEqualTo(503);
                assertThat(mpNotReady.body()).contains("object_store");

                Http.Reply stillServed = http.get(cached);
                assertThat(stillServed.status()).as(stillServed.body()).isEqualTo(200);
                assertThat(stillServed.body()).isEqualTo(before.body());

                Http.Reply down = http.get(uncached);
                assertThat(down.status()).as(down.body()).isEqualTo(503);
                assertThat(down.contentType()).startsWith("application/problem+json");
                assertThat(down.header("Retry-After")).isEqualTo("5");
                JsonNode p = down.json();
                assertThat(p.path("code").asText()).isEqualTo("STORAGE_UNAVAILABLE");
                assertThat(p.path("detail").asText()).contains("unreachable");

                JsonNode status = http.get(server.uri("/api/v1/storage/status")).json();
                assertThat(status.path("reachable").asBoolean()).isFalse();
                assertThat(status.path("error").asText()).isNotBlank();

                // Listing calls fail (after their retries) until the breaker opens and refuses them outright.
                Http.Reply refused = poll(() -> http.get(listing), r -> r.json().path("detail").asText().contains("paused"),
                        Duration.ofSeconds(60), r -> {
                            assertThat(r.status()).as(r.body()).isEqualTo(503);
                            assertThat(r.contentType()).startsWith("application/problem+json");
                            assertThat(r.json().path("code").asText()).isEqualTo("STORAGE_UNAVAILABLE");
                            assertThat(r.header("Retry-After")).isEqualTo("5");
                        });
                assertThat(refused.json().path("detail").asText()).contains("failed repeatedly");

                s3.restart();
                s3Running = true;

                // The breaker stays open for its delay (5 s), lets trial calls through, and closes after two successes.
                Http.Reply listed = poll(() -> http.get(listing), r -> r.status() == 200, Duration.ofSeconds(60),
                        r -> assertThat(r.status()).as(r.body()).isIn(200, 503));
                assertThat(listed.json().path("count").asInt()).isEqualTo(2);
                for (int i = 0; i < 5; i++) {
                    Http.Reply again = http.get(listing);
                    assertThat(again.status()).as("call %d after the breaker closed: %s", i, again.body()).isEqualTo(200);
                }
                Http.Reply ready = poll(() -> http.get(server.uri("/api/v1/health/ready")), r -> r.status() == 200,
                        Duration.ofSeconds(30), r -> assertThat(r.status()).isIn(200, 503));
                assertThat(ready.json().path("ready").asBoolean()).isTrue();
                assertThat(http.get(server.uri("/health/ready")).status()).isEqualTo(200);

                Http.Reply served = http.get(uncached);
                assertThat(served.status()).as(served.body()).isEqualTo(200);
                assertThat(served.json().path("count").asInt()).isEqualTo(31);
                assertThat(http.get(cached).body()).isEqualTo(before.body());
                assertThat(http.get(server.uri("/api/v1/ohlcv/symbols")).json().toString()).contains("BTC").contains("ETH");
            }
        } finally {
            if (s3Running) {
                s3.close();
            }
        }
    }

    /**
     * Calls {@code call} until {@code done} holds for its reply, checking every reply on the way with
     * {@code each}; fails at the deadline.
     */
    private static Http.Reply poll(Supplier<Http.Reply> call, Predicate<Http.Reply> done, Duration timeout,
                                   java.util.function.Consumer<Http.Reply> each) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Http.Reply r = call.get();
            each.accept(r);
            if (done.test(r)) {
                return r;
            }
            assertThat(System.nanoTime()).as("condition met within %s; last reply %d %s", timeout, r.status(), r.body())
                    .isLessThan(deadline);
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
