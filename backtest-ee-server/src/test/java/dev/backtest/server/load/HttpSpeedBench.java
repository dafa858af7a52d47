package dev.backtest.server.load;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import dev.backtest.server.testing.ServerProcess;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Issue 19's HTTP figures against the built uber-jar on PostgreSQL with authentication on (not a test): (1) the cached
 * candle request with a token through {@code wrk} during the first 20 s after the server is ready; (2) warm, the
 * health route and the cached candle request, 20 s each, same run; (3) bytes allocated on the server per request
 * (eden growth over N sequential requests between two full collections, less an idle interval as long, through
 * {@code jstat}; no young collection may happen in between), for the cached candle answer, its {@code 304} and the
 * health route, plus the top allocation sites of the cached answer (JFR allocation samples); (4) the load
 * benchmark's mixed traffic, then the cached candles through {@code wrk} again (the p99 after the mixed minute).
 * Everything is loopback and bounded. Arguments: seconds of mixed traffic (60), clients (16), requests per
 * allocation measure (1000).
 *
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat /tmp/cp.txt) dev.backtest.server.load.HttpSpeedBench 60 16 1000
 * </pre>
 */
public final class HttpSpeedBench {

    private static final String HEALTH = "/api/v1/health/";

    private HttpSpeedBench() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int requests = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        if (Boolean.getBoolean("bench.embedded")) {
            // embedded defaults (H2, development mode: no token, the development user), for a machine too busy to start
            // the PostgreSQL server in time; phases (1) to (3) only
            String name = System.getProperty("bench.name", "http-speed-embedded");
            // no rate limit, as LoadServer: the default (100 a second) would answer most of the benchmark's requests with 429
            try (ServerProcess server = ServerProcess.start(name, Files.createTempDirectory("backtest-" + name + "-"),
                    Map.of("RATE_LIMIT_PER_SECOND", "1000000", "RATE_LIMIT_BURST", "1000000"))) {
                phases(server, null, clients, requests);
            }
            return;
        }
        try (LoadServer load = LoadServer.start("http-speed")) {
            String token = load.tokens().hs256(UUID.randomUUID());
            String cached = load.server().uri(LoadTargets.CACHED_CANDLES_QUERY).toString();
            phases(load.server(), token, clients, requests);
            System.out.println("\n== (4) mixed traffic " + seconds + " s, " + clients + " clients; load: " + uptime());
            List<LoadTargets.ClientSetup> setups = LoadTargets.setUp(load, clients);
            LoadGenerator.run(LoadTargets.mixed(load, setups), clients, Duration.ofSeconds(10), Long.MAX_VALUE);
            LoadGenerator.Result mixed = LoadGenerator.run(LoadTargets.mixed(load, setups), clients, Duration.ofSeconds(seconds),
                    Long.MAX_VALUE);
            System.out.print(mixed.markdown());
            LoadTargets.awaitRunsFinished(load, setups, Duration.ofMinutes(10));
            System.out.println("cached candles after the mixed traffic, wrk, 20 s; load: " + uptime());
            wrk(clients, 20, token, cached);
            System.out.println("RSS at the end: " + load.rssMiB() + " MiB; load: " + uptime());
        }
    }

    private static void phases(ServerProcess server, String token, int clients, int requests) throws Exception {
        String cached = server.uri(LoadTargets.CACHED_CANDLES_QUERY).toString();
        System.out.println("load: " + uptime());
        System.out.println("\n== (1) cached candles" + (token == null ? "" : " with a token") + ", wrk, the first 20 s after ready");
        wrk(clients, 20, token, cached);

        System.out.println("\n== (2) warm: health, then cached candles, wrk, 20 s each; load: " + uptime());
        wrk(clients, 20, null, server.uri(HEALTH).toString());
        wrk(clients, 20, token, cached);

        System.out.println("\n== (3) bytes allocated per request on the server, " + requests + " sequential requests; load: " + uptime());
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest candle = authorised(HttpRequest.newBuilder(URI.create(cached)), token).GET().build();
        String etag = http.send(candle, HttpResponse.BodyHandlers.ofString()).headers().firstValue("ETag").orElse(null);
        HttpRequest notModified = etag == null ? null
                : authorised(HttpRequest.newBuilder(URI.create(cached)), token).header("If-None-Match", etag).GET().build();
        HttpRequest gzip = authorised(HttpRequest.newBuilder(URI.create(cached)), token).header("Accept-Encoding", "gzip").GET().build();
        HttpRequest health = HttpRequest.newBuilder(server.uri(HEALTH)).GET().build();
        long pid = server.pid();
        for (int round = 0; round < 2; round++) {
            System.out.printf("round %d: cached candles %s, gzip %s, 304 %s, health %s%n", round + 1,
                    perRequest(pid, http, candle, requests), perRequest(pid, http, gzip, requests),
                    notModified == null ? "(no ETag)" : perRequest(pid, http, notModified, requests),
                    perRequest(pid, http, health, requests));
        }
        allocationSites(pid, http, candle, requests);
    }

    private static HttpRequest.Builder authorised(HttpRequest.Builder b, String token) {
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    private static void wrk(int clients, int seconds, String token, String url) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("wrk", "-t1", "-c" + clients, "-d" + seconds + "s", "--latency"));
        if (token != null) {
            cmd.addAll(List.of("-H", "Authorization: Bearer " + token));
        }
        cmd.add(url);
        new ProcessBuilder(cmd).inheritIO().start().waitFor();
    }

    /** Bytes allocated by the server per request of this kind, less what it allocates idle in as long. */
    private static String perRequest(long pid, HttpClient http, HttpRequest request, int n) throws Exception {
        for (int i = 0; i < 200; i++) { // warm
            http.send(request, HttpResponse.BodyHandlers.discarding());
        }
        long[] before = edenAfterFullGc(pid);
        long started = System.nanoTime();
        for (int i = 0; i < n; i++) {
            http.send(request, HttpResponse.BodyHandlers.discarding());
        }
        long nanos = System.nanoTime() - started;
        long[] after = eden(pid);
        long[] idleBefore = edenAfterFullGc(pid);
        Thread.sleep(Math.max(1, nanos / 1_000_000));
        long[] idleAfter = eden(pid);
        if (after[1] != before[1] || idleAfter[1] != idleBefore[1]) {
            return "(a young collection happened: use fewer requests)";
        }
        long busy = after[0] - before[0];
        long idle = idleAfter[0] - idleBefore[0];
        return String.format("%,d B/request (idle %,d B)", (busy - idle) / n, idle);
    }

    private static long[] edenAfterFullGc(long pid) throws Exception {
        run(jdkTool("jcmd"), Long.toString(pid), "GC.run");
        return eden(pid);
    }

    /** Eden used in bytes and the young collection count, from {@code jstat -gc}. */
    private static long[] eden(long pid) throws Exception {
        String[] lines = run(jdkTool("jstat"), "-gc", Long.toString(pid)).strip().split("\n");
        String[] names = lines[0].strip().split("\\s+");
        String[] values = lines[1].strip().split("\\s+");
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            m.put(names[i], values[i]);
        }
        return new long[] {(long) (Double.parseDouble(m.get("EU")) * 1024), Long.parseLong(m.get("YGC"))};
    }

    /** The 25 heaviest allocation sites (top frames of the JFR allocation samples) of {@code n} requests. */
    private static void allocationSites(long pid, HttpClient http, HttpRequest request, int n) throws Exception {
        Path file = Files.createTempFile("http-speed-", ".jfr");
        run(jdkTool("jcmd"), Long.toString(pid), "JFR.start", "name=alloc", "settings=profile");
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < n; i++) {
                http.send(request, HttpResponse.BodyHandlers.discarding());
            }
        }
        run(jdkTool("jcmd"), Long.toString(pid), "JFR.stop", "name=alloc", "filename=" + file);
        Map<String, Long> bySite = new HashMap<>();
        long total = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (!e.getEventType().getName().equals("jdk.ObjectAllocationSample") || e.getStackTrace() == null) {
                continue;
            }
            long weight = e.getLong("weight");
            total += weight;
            StringBuilder site = new StringBuilder(e.getClass("objectClass").getName());
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            // the allocating frame, and the first two outside the JDK: who asked for it
            int outside = 0;
            for (int i = 0; i < frames.size() && outside < 2; i++) {
                String type = frames.get(i).getMethod().getType().getName();
                boolean jdk = type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun.");
                if (i == 0 || !jdk) {
                    site.append(" <- ").append(type.replaceAll("^.*\\.", "")).append('.').append(frames.get(i).getMethod().getName());
                    outside += jdk ? 0 : 1;
                }
            }
            bySite.merge(site.toString(), weight, Long::sum);
        }
        long all = total;
        System.out.printf("JFR allocation samples over %d cached candle requests (all threads): %,d B sampled weight, %,d B/request%n",
                5 * n, all, all / (5L * n));
        bySite.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(25)
                .forEach(s -> System.out.printf("%6.1f %%  %,8d B/req  %s%n", 100.0 * s.getValue() / all, s.getValue() / (5L * n), s.getKey()));
        Files.deleteIfExists(file);
    }

    private static String jdkTool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    private static String uptime() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "?";
        }
    }
}
