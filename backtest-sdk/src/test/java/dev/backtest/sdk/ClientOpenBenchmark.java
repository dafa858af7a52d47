package dev.backtest.sdk;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How long a user waits for {@code BacktestClient.builder().embedded(dir).build()}: in a fresh JVM each time (a
 * user's program opens the client once, with cold classes), first in a new folder (H2 created and migrated, no
 * sample data: the SDK default), then in the same folder again (already migrated). Only {@code build()} is timed, not
 * the JVM's own start.
 *
 * <p>Not a test: run it by hand (see BENCHMARKS.md, "Opening an embedded client"):
 * <pre>
 * mvn -B -o -q -pl backtest-sdk test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.backtest.sdk.ClientOpenBenchmark
 * </pre>
 * System property {@code bench.rounds} (default 7).
 */
public final class ClientOpenBenchmark {

    private ClientOpenBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("once")) {
            long t0 = System.nanoTime();
            try (BacktestClient client = BacktestClient.builder().ignoreEnvironment().embedded(Path.of(args[1])).build()) {
                long opened = System.nanoTime();
                client.health();
                System.out.println("open_ms=" + (opened - t0) / 1_000_000.0);
            }
            // a second client in the same JVM, in a folder of its own: the classes are loaded by now
            long t1 = System.nanoTime();
            try (BacktestClient again = BacktestClient.builder().ignoreEnvironment().embedded(Path.of(args[1]).resolve("second")).build()) {
                System.out.println("second_ms=" + (System.nanoTime() - t1) / 1_000_000.0);
            }
            return;
        }
        int rounds = Integer.getInteger("bench.rounds", 7);
        String classpath = classpath();
        List<Double> fresh = new ArrayList<>();
        List<Double> reopened = new ArrayList<>();
        List<Double> second = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            Path dir = Files.createTempDirectory("client-open-");
            double[] first = openOnce(classpath, dir);
            fresh.add(first[0]);
            reopened.add(openOnce(classpath, dir)[0]);
            second.add(first[1]);
        }
        System.out.printf(Locale.ROOT, "| folder | median ms | min ms | max ms | rounds |%n| --- | --- | --- | --- | --- |%n");
        row("new", fresh);
        row("reopened", reopened);
        row("new, a second client in the same JVM", second);
        System.out.println("load average: " + Files.readString(Path.of("/proc/loadavg")).trim());
    }

    private static void row(String name, List<Double> ms) {
        double[] s = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %d |%n", name, s[s.length / 2], s[0], s[s.length - 1], s.length);
    }

    /** The child's open time and its second client's. */
    private static double[] openOnce(String classpath, Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath,
                ClientOpenBenchmark.class.getName(), "once", dir.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("child failed: " + out);
        }
        return new double[] {figure(out, "open_ms="), figure(out, "second_ms=")};
    }

    private static double figure(String out, String prefix) {
        return out.lines().filter(l -> l.startsWith(prefix)).mapToDouble(l -> Double.parseDouble(l.substring(prefix.length()))).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + prefix + " in: " + out));
    }

    // exec:java runs us in a class loader of its own; the child JVM needs the same class path
    private static String classpath() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        if (cl instanceof URLClassLoader u) {
            return Arrays.stream(u.getURLs()).map(URL::getPath).collect(Collectors.joining(java.io.File.pathSeparator));
        }
        return System.getProperty("java.class.path");
    }
}
