package dev.backtest.server.bench;

import dev.backtest.server.testing.ServerProcess;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Benchmark, not a test: bytes and latency of a year of 1h candles (BTC 2024, 8,784 candles of JSON; then the same as
 * CSV) over HTTP with and without {@code Accept-Encoding: gzip}, against the built uber-jar on loopback (embedded
 * defaults, sample data). The query is repeated identically, so the server answers from its candle cache and what
 * differs is the body: its compression on the server and its transfer (and, on the client, its decompression, timed
 * separately). Plain and gzip requests alternate, so both see the same machine state. Run from
 * {@code backtest-ee-server} after {@code mvn package}:
 *
 * <pre>
 * java -cp "target/test-classes:$(cat target/bench.classpath)" dev.backtest.server.bench.CompressionHttpBench [rounds]
 * </pre>
 *
 * (the classpath as {@code mvn dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test}).
 */
public final class CompressionHttpBench {

    private static final String QUERY = "/api/v1/ohlcv/data?symbol=BTC&start_date=2024-01-01&end_date=2024-12-31&timeframe=1h";
    private static final Duration PHASE_LIMIT = Duration.ofSeconds(120);

    private CompressionHttpBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        System.setProperty("backtest.server.jar",
                Path.of(System.getProperty("backtest.server.jar", "target/backtest-server.jar")).toAbsolutePath().toString());
        Path dir = Files.createTempDirectory("backtest-bench-gzip-");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        try (ServerProcess server = ServerProcess.start("bench-gzip", dir, Map.of())) {
            System.out.printf("machine: %d cores, %s %s, %s; server heap -Xmx512m, loopback HTTP/1.1%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"), System.getProperty("java.version"),
                    System.getProperty("os.name") + " " + System.getProperty("os.arch"));
            for (String accept : new String[] {"application/json", "text/csv"}) {
                run(http, server.uri(QUERY), accept, rounds);
            }
        }
    }

    private static void run(HttpClient http, URI uri, String accept, int rounds) throws Exception {
        // warm-up: fills the candle cache, compiles the hot paths of both variants
        for (int i = 0; i < 100; i++) {
            get(http, uri, accept, false);
            get(http, uri, accept, true);
        }
        byte[] plainBody = get(http, uri, accept, false).body();
        HttpResponse<byte[]> zipped = get(http, uri, accept, true);
        if (!"gzip".equals(zipped.headers().firstValue("Content-Encoding").orElse(null))) {
            throw new IllegalStateException("no gzip answer for " + uri);
        }
        if (!Arrays.equals(gunzip(zipped.body()), plainBody)) {
            throw new IllegalStateException("the decompressed body differs from the plain one");
        }

        long[] plain = new long[rounds];
        long[] gzip = new long[rounds];
        long[] gzipAndInflate = new long[rounds];
        int n = 0;
        long deadline = System.nanoTime() + PHASE_LIMIT.toNanos();
        for (; n < rounds && System.nanoTime() < deadline; n++) {
            long t0 = System.nanoTime();
            get(http, uri, accept, false);
            plain[n] = System.nanoTime() - t0;
            t0 = System.nanoTime();
            byte[] body = get(http, uri, accept, true).body();
            gzip[n] = System.nanoTime() - t0;
            gunzip(body);
            gzipAndInflate[n] = System.nanoTime() - t0;
        }
        plain = Arrays.copyOf(plain, n);
        gzip = Arrays.copyOf(gzip, n);
        gzipAndInflate = Arrays.copyOf(gzipAndInflate, n);

        System.out.printf("%nGET %s (Accept: %s), %d rounds%n", QUERY, accept, n);
        System.out.printf("bytes: plain %,d, gzip %,d (%.1f%% of plain, %.2fx smaller)%n", plainBody.length, zipped.body().length,
                100.0 * zipped.body().length / plainBody.length, (double) plainBody.length / zipped.body().length);
        report("plain", plain);
        report("gzip (body received)", gzip);
        report("gzip (body received and decompressed)", gzipAndInflate);
        System.out.printf("p50 ratio gzip/plain: %.2f (received), %.2f (decompressed)%n", percentile(gzip, 50) / percentile(plain, 50),
                percentile(gzipAndInflate, 50) / percentile(plain, 50));
        // why the server compresses at level 1: the same body compressed in this JVM at other levels
        for (int level : new int[] {Deflater.BEST_SPEED, 6, Deflater.BEST_COMPRESSION}) {
            long best = Long.MAX_VALUE;
            int size = 0;
            for (int i = 0; i < 30; i++) {
                long t0 = System.nanoTime();
                size = deflate(plainBody, level);
                best = Math.min(best, System.nanoTime() - t0);
            }
            System.out.printf("in-process gzip level %d: %,d bytes (%.1f%%), best of 30 %.2f ms%n", level, size,
                    100.0 * size / plainBody.length, best / 1e6);
        }
    }

    private static int deflate(byte[] body, int level) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 2);
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 8192) {
            {
                def.setLevel(level);
            }
        }) {
            gz.write(body);
        }
        return out.size();
    }

    private static HttpResponse<byte[]> get(HttpClient http, URI uri, String accept, boolean gzip) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Accept", accept).GET();
        if (gzip) {
            b.header("Accept-Encoding", "gzip");
        }
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(uri + " -> " + r.statusCode());
        }
        return r;
    }

    private static byte[] gunzip(byte[] body) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        }
    }

    private static void report(String name, long[] nanos) {
        System.out.printf("%-40s n=%4d  p50 %7.2f ms  p90 %7.2f ms  min %7.2f ms%n", name, nanos.length, percentile(nanos, 50),
                percentile(nanos, 90), Arrays.stream(nanos).min().orElse(0) / 1e6);
    }

    /** Nearest-rank percentile in milliseconds. */
    private static double percentile(long[] nanos, double p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }
}
