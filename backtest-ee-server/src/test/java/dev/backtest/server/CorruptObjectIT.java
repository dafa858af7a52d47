package dev.backtest.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backtest.sdk.testing.Await;
import dev.backtest.server.testing.Http;
import dev.backtest.server.testing.ServerProcess;
import dev.backtest.server.testing.SharedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Corrupt Parquet objects in the store (garbage bytes, a real file cut in half) under the yearly
 * layout: candle and range requests answer 502 {@code DATA_CORRUPT} problems naming the object, the
 * server stays up and keeps serving good data, and once the object is replaced by a good one the
 * same request is served from it (the corrupt copy is never served again).
 */
@ExtendWith(SharedServer.class)
class CorruptObjectIT {

    private final Http http = new Http();

    @Test
    void garbageAndTruncatedObjectsAre502ProblemsNamingTheObjectAndTheServerStaysUp(ServerProcess server) throws IOException {
        Path store = server.dataDir().resolve("objects").resolve("dukascopy-node");
        Path good = store.resolve("ohlcv/1Y/symbol=BTC/year=2024/BTC_2024.parquet");
        assertThat(good).isRegularFile();
        String tag = UUID.randomUUID().toString().replace("-", "").substring(0, 8).toUpperCase(Locale.ROOT);

        String junk = "JUNK" + tag;
        byte[] garbage = ("PAR1 this is not a Parquet file " + "x".repeat(4000) + " PAR1").getBytes(StandardCharsets.US_ASCII);
        String junkKey = put(store, junk, garbage);
        String cut = "CUT" + tag;
        byte[] whole = Files.readAllBytes(good);
        String cutKey = put(store, cut, Arrays.copyOf(whole, whole.length / 2));

        for (String[] c : new String[][] {{junk, junkKey}, {cut, cutKey}}) {
            String symbol = c[0];
            String key = c[1];
            assertCorrupt(http.get(server.uri(candles(symbol))), key);
            assertCorrupt(http.get(server.uri("/api/v1/ohlcv/symbols/" + symbol + "/range")), key);
            Http.Reply fine = http.get(server.uri(candles("BTC")));
            assertThat(fine.status()).as("a good request after the corrupt one: " + fine.body()).isEqualTo(200);
            assertThat(fine.json().path("count").asInt()).isEqualTo(48);
        }
        assertThat(server.alive()).isTrue();
        assertThat(http.get(server.uri("/health/live")).status()).isEqualTo(200);

        // Repaired in the store: served from the new object once the listing (10 s) is refreshed.
        Path repaired = Files.createTempFile(store.getParent(), "repair", ".parquet");
        Files.copy(good, repaired, StandardCopyOption.REPLACE_EXISTING);
        Files.move(repaired, store.resolve(cutKey), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        String expected = http.get(server.uri(candles("BTC"))).json().path("c").toString();
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (true) {
            Http.Reply r = http.get(server.uri(candles(cut)));
            if (r.status() == 200) {
                assertThat(r.json().path("count").asInt()).isEqualTo(48);
                assertThat(r.json().path("c").toString()).isEqualTo(expected);
                break;
            }
            assertCorrupt(r, cutKey);
            assertThat(System.nanoTime()).as("repaired object served within 40 s").isLessThan(deadline);
            Await.sleep(Duration.ofMillis(500));
        }
    }

    private static String candles(String symbol) {
        return "/api/v1/ohlcv/data?symbol=" + symbol + "&start_date=2024-03-01&end_date=2024-03-02&timeframe=1h";
    }

    /** Writes {@code bytes} as the symbol's 2024 object in the yearly layout; returns its key. */
    private static String put(Path store, String symbol, byte[] bytes) throws IOException {
        String key = "ohlcv/1Y/symbol=" + symbol + "/year=2024/" + symbol + "_2024.parquet";
        Path file = store.resolve(key);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        return key;
    }

    private static void assertCorrupt(Http.Reply r, String key) {
        assertThat(r.status()).as(r.body()).isEqualTo(502);
        assertThat(r.contentType()).startsWith("application/problem+json");
        JsonNode p = r.json();
        assertThat(p.path("code").asText()).isEqualTo("DATA_CORRUPT");
        assertThat(p.path("detail").asText()).contains(key);
        assertThat(p.path("key").asText()).isEqualTo(key);
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

}
