package dev.backtest.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backtest.sdk.marketdata.DuckDb;
import dev.backtest.sdk.marketdata.ParquetLayout;
import dev.backtest.sdk.marketdata.SampleDataGenerator;
import dev.backtest.sdk.storage.MinioObjectStore;
import dev.backtest.sdk.testing.S3Server;
import dev.backtest.server.testing.Http;
import dev.backtest.server.testing.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The S3 server goes away while the uber-jar runs: a candle result computed before is still
 * served, a query that needs the store gets 503 with {@code Retry-After}, and the storage status
 * says the store is unreachable.
 */
class StoreOutageIT {

    private final Http http = new Http();

    @Test
    void cachedCandlesAreServedAndUncachedQueriesGet503WhileTheStoreIsDown(@TempDir Path dir) {
        S3Server s3 = S3Server.start();
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
                    "MINIO_BUCKET", "outage-bucket"))) {
                URI cached = server.uri("/api/v1/ohlcv/data?symbol=BTC&start_date=2024-05-01&end_date=2024-05-31&timeframe=1d");
                URI uncached = server.uri("/api/v1/ohlcv/data?symbol=ETH&start_date=2024-05-01&end_date=2024-05-31&timeframe=1d");
                Http.Reply before = http.get(cached);
                assertThat(before.status()).as(before.body()).isEqualTo(200);
                assertThat(before.json().path("count").asInt()).isEqualTo(31);

                s3.close();
                s3 = null;

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
            }
        } finally {
            if (s3 != null) {
                s3.close();
            }
        }
    }
}
