package dev.backtest.server.bench;

import dev.backtest.server.testing.ServerProcess;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;

/**
 * Benchmark (f) of issue 4, not a test: HTTP latency of a year → 1h candle query against the built
 * uber-jar on loopback (embedded defaults, sample data), uncached (a different end date each time,
 * so the result cache misses while the local file cache is warm) and cached (an identical repeat).
 * Bounded by count and by time. Run from {@code backtest-ee-server} after {@code mvn package}:
 *
 * <pre>
 * java -cp target/test-classes dev.backtest.server.bench.MarketDataHttpBench [uncachedCount] [cachedCount]
 * </pre>
 */
public final class MarketDataHttpBench {

    private static final Duration PHASE_LIMIT = Duration.ofSeconds(90);

    private MarketDataHttpBench() {
    }

    public static void main(String[] args) throws Exception {
        int uncachedCount = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int cachedCount = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        // the server runs in its data folder: hand it the jar by absolute path
        System.setProperty("backtest.server.jar",
                Path.of(System.getProperty("backtest.server.jar", "target/backtest-server.jar")).toAbsolutePath().toString());
        Path dir = Files.createTempDirectory("backtest-bench-");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        try (ServerProcess server = ServerProcess.start("bench-http", dir, Map.of())) {
            LocalDate lastEnd = LocalDate.of(2024, 12, 31);
            // warm-up: downloads the file into the local cache, loads DuckDB, compiles the hot paths
            for (int i = 0; i < 20; i++) {
                get(http, query(server, lastEnd.minusDays(200 + i)));
            }
            for (int i = 0; i < 300; i++) {
                get(http, query(server, lastEnd.minusDays(200)));
            }

            long[] uncached = new long[uncachedCount];
            int n = 0;
            long deadline = System.nanoTime() + PHASE_LIMIT.toNanos();
            int rows = 0;
            long bytes = 0;
            for (; n < uncachedCount && System.nanoTime() < deadline; n++) {
                URI uri = query(server, lastEnd.minusDays(n)); // never asked before: a result-cache miss
                long t0 = System.nanoTime();
                byte[] body = get(http, uri);
                uncached[n] = System.nanoTime() - t0;
                if (n == 0) {
                    rows = count(body);
                    bytes = body.length;
                }
            }
            uncached = Arrays.copyOf(uncached, n);

            URI repeat = query(server, lastEnd);
            get(http, repeat);
            long[] cached = new long[cachedCount];
            int m = 0;
            deadline = System.nanoTime() + PHASE_LIMIT.toNanos();
            for (; m < cachedCount && System.nanoTime() < deadline; m++) {
                long t0 = System.nanoTime();
                get(http, repeat);
                cached[m] = System.nanoTime() - t0;
            }
            cached = Arrays.copyOf(cached, m);

            // the same repeat at 1d (366 candles): what HTTP and the server cost without much JSON
            URI small = server.uri("/api/v1/ohlcv/data?symbol=BTC&start_date=2024-01-01&end_date=2024-12-31&timeframe=1d");
            for (int i = 0; i < 300; i++) {
                get(http, small);
            }
            long[] cachedSmall = new long[cachedCount];
            int k = 0;
            deadline = System.nanoTime() + PHASE_LIMIT.toNanos();
            for (; k < cachedCount && System.nanoTime() < deadline; k++) {
                long t0 = System.nanoTime();
                get(http, small);
                cachedSmall[k] = System.nanoTime() - t0;
            }
            cachedSmall = Arrays.copyOf(cachedSmall, k);

            System.out.printf("Market data over HTTP: BTC 2024-01-01..(2024-12-31 - k days) at 1h, %d candles, %d bytes of JSON (columnar)%n",
                    rows, bytes);
            System.out.printf("machine: %d cores, %s %s, heap of the server -Xmx512m%n", Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.vm.name"), System.getProperty("java.version"));
            report("uncached (result-cache miss, warm file cache)", uncached);
            report("cached (identical repeat)", cached);
            report("cached, year -> 1d (366 candles)", cachedSmall);
            System.out.printf("ratio uncached/cached p50: %.1fx%n", percentile(uncached, 50) / percentile(cached, 50));
        }
    }

    private static URI query(ServerProcess server, LocalDate end) {
        return server.uri("/api/v1/ohlcv/data?symbol=BTC&start_date=2024-01-01&end_date=" + end + "&timeframe=1h");
    }

    private static byte[] get(HttpClient http, URI uri) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(uri + " -> " + r.statusCode() + " " + new String(r.body()));
        }
        return r.body();
    }

    private static int count(byte[] body) {
        String s = new String(body, 0, Math.min(body.length, 400));
        int i = s.indexOf("\"count\":");
        int j = i + 8;
        while (j < s.length() && Character.isDigit(s.charAt(j))) {
            j++;
        }
        return Integer.parseInt(s.substring(i + 8, j));
    }

    private static void report(String name, long[] nanos) {
        System.out.printf("%-48s n=%5d  p50 %8.2f ms  p99 %8.2f ms  min %8.2f ms  max %8.2f ms%n", name, nanos.length,
                percentile(nanos, 50), percentile(nanos, 99), Arrays.stream(nanos).min().orElse(0) / 1e6,
                Arrays.stream(nanos).max().orElse(0) / 1e6);
    }

    /** Nearest-rank percentile in milliseconds. */
    private static double percentile(long[] nanos, double p) {
        if (nanos.length == 0) {
            return Double.NaN;
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }
}
