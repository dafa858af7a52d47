package dev.backtest.server.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Benchmark, not a test: how long the uber-jar takes from {@code java -jar} to {@code GET /health/ready} answering 200
 * (polled every 50 ms) on embedded defaults, on a first start (an empty data directory: the H2 database is created and
 * migrated, the sample candles are written) and on a later start (the same directory again). Variants (jars, or JVM
 * options) alternate in every round, so that all see the same machine state: the machine may be shared, and the
 * one-minute load average is printed with every start. Each start's log is kept under {@code target/startup-bench}; its
 * Payara timings ({@code startup time : Embedded (..ms), startup services(..ms)}) and, with {@code -Dbench.debug=true}
 * ({@code LOG_LEVEL=DEBUG}), the SDK's lines per start-up phase ({@code Start-up: ...}) are printed after it. Run from
 * {@code backtest-ee-server} after {@code mvn package}, e.g. a copy of an earlier jar against the new one:
 *
 * <pre>
 * java -cp target/test-classes dev.backtest.server.bench.StartupBench 3 old=/tmp/old.jar new=target/backtest-server.jar
 * java -cp target/test-classes dev.backtest.server.bench.StartupBench 3 "c1=target/backtest-server.jar -XX:TieredStopAtLevel=1" \
 *     new=target/backtest-server.jar
 * </pre>
 *
 * A variant is {@code label=jar} followed by JVM options, separated by spaces. Without variants: the built jar alone.
 */
public final class StartupBench {

    private static final Duration LIMIT = Duration.ofMinutes(10);
    private static final Pattern PAYARA = Pattern.compile("startup time : Embedded \\(([\\d,]+)ms\\), startup services\\(([\\d,]+)ms\\)");
    private static final Pattern PHASE = Pattern.compile("(Start-up: [^\\r\\n]*|Seeded [^\\r\\n]*|Backtest client started in \\d+ ms)");

    private StartupBench() {
    }

    record Variant(String label, Path jar, List<String> jvmOptions) {
        static Variant parse(String spec) {
            int eq = spec.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("a variant is label=jar [JVM options]: " + spec);
            }
            List<String> parts = Arrays.asList(spec.substring(eq + 1).strip().split("\\s+"));
            return new Variant(spec.substring(0, eq), Path.of(parts.get(0)).toAbsolutePath(), parts.subList(1, parts.size()));
        }
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        List<Variant> variants = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            variants.add(Variant.parse(args[i]));
        }
        if (variants.isEmpty()) {
            variants.add(Variant.parse("built=target/backtest-server.jar"));
        }
        Path logs = Files.createDirectories(Path.of("target", "startup-bench"));
        System.out.printf("machine: %d cores, %s %s; server -Xmx512m -XX:+UseSerialGC, embedded defaults, readiness polled every 50 ms%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"), System.getProperty("java.version"));
        Map<String, List<Long>> first = new LinkedHashMap<>();
        Map<String, List<Long>> later = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            for (Variant v : variants) {
                Path dir = Files.createTempDirectory("backtest-startup-" + v.label() + "-");
                try {
                    first.computeIfAbsent(v.label(), k -> new ArrayList<>()).add(start(v, dir, logs, round, "first"));
                    later.computeIfAbsent(v.label(), k -> new ArrayList<>()).add(start(v, dir, logs, round, "later"));
                } finally {
                    deleteTree(dir);
                }
            }
        }
        System.out.println("median ms to ready (first start / later start), and against the first variant:");
        String base = variants.get(0).label();
        for (Variant v : variants) {
            long f = median(first.get(v.label()));
            long l = median(later.get(v.label()));
            System.out.printf("  %-10s first %6d ms (%.2f)  later %6d ms (%.2f)%n", v.label(), f, (double) f / median(first.get(base)), l,
                    (double) l / median(later.get(base)));
        }
    }

    /** One start: milliseconds until {@code /health/ready} answered 200; the server is stopped (SIGTERM) afterwards. */
    private static long start(Variant v, Path dir, Path logs, int round, String kind) throws Exception {
        int port = freePort();
        Path log = logs.resolve(v.label() + "-" + round + "-" + kind + ".log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-XX:+UseSerialGC"));
        cmd.addAll(v.jvmOptions());
        cmd.addAll(List.of("-jar", v.jar().toString(), "--port", Integer.toString(port)));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("DATABASE_") || k.startsWith("MINIO_") || k.startsWith("SUPABASE_")
                || k.startsWith("BACKTEST_") || k.startsWith("LOG_") || k.equals("PORT"));
        pb.environment().put("BACKTEST_DATA_DIR", dir.toString());
        if (Boolean.getBoolean("bench.debug")) {
            pb.environment().put("LOG_LEVEL", "DEBUG");
        }
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).timeout(Duration.ofSeconds(2)).build();
        long t0 = System.nanoTime();
        Process p = pb.start();
        try {
            while (true) {
                if (!p.isAlive()) {
                    throw new IllegalStateException(v.label() + " exited with " + p.exitValue() + "; log " + log.toAbsolutePath());
                }
                if (System.nanoTime() - t0 > LIMIT.toNanos()) {
                    throw new IllegalStateException(v.label() + " not ready within " + LIMIT + "; log " + log.toAbsolutePath());
                }
                try {
                    if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        break;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(50);
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("round %d %-10s %-5s start: ready in %6d ms (load before %.1f, after %.1f)%s%n", round, v.label(), kind, ms,
                    load, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), breakdown(log));
            return ms;
        } finally {
            p.destroy();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
    }

    /** Payara's own figures and the SDK's phase lines, from the start's log. */
    static String breakdown(Path log) throws IOException {
        String text = Files.readString(log, StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder();
        Matcher payara = PAYARA.matcher(text);
        if (payara.find()) {
            out.append("; Payara embedded ").append(payara.group(1).replace(",", "")).append(" ms, services ")
                    .append(payara.group(2).replace(",", "")).append(" ms");
        }
        Matcher phase = PHASE.matcher(text);
        while (phase.find()) {
            out.append("\n      ").append(phase.group(1).strip());
        }
        return out.toString();
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
