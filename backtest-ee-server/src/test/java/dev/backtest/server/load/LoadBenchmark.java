package dev.backtest.server.load;

import dev.backtest.server.testing.ServerProcess;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The 60-second loopback load benchmark against the built uber-jar (not a test): prints req/s,
 * p50/p99 and errors per endpoint, and the server's RSS before and after.
 *
 * <pre>
 * mvn -q -pl backtest-ee-server package -DskipTests
 * mvn -q -pl backtest-ee-server test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.backtest.server.load.LoadBenchmark -Dexec.args="60 16"
 * </pre>
 */
public final class LoadBenchmark {

    private LoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        System.setProperty("backtest.server.jar", System.getProperty("backtest.server.jar", "target/backtest-server.jar"));
        try (ServerProcess server = ServerProcess.start("load-benchmark", Files.createTempDirectory("backtest-load-"), Map.of())) {
            System.out.println("RSS after start: " + rssMiB(server.pid()) + " MiB");
            LoadGenerator.run(LoadTargets.publicRoutes(server), concurrency, Duration.ofSeconds(5), Long.MAX_VALUE); // warm-up
            LoadGenerator.Result r = LoadGenerator.run(LoadTargets.publicRoutes(server), concurrency, Duration.ofSeconds(seconds),
                    Long.MAX_VALUE);
            System.out.println(r.markdown());
            System.out.println("RSS after load: " + rssMiB(server.pid()) + " MiB");
        }
    }

    static long rssMiB(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }
}
