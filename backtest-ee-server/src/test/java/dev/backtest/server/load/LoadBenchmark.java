package dev.backtest.server.load;

import java.time.Duration;
import java.util.List;

/**
 * The loopback load benchmark against the built uber-jar on PostgreSQL (not a test): 60 s of the mixed traffic of
 * {@link LoadTargets#mixed}, then 20 s of cached candle requests alone — through {@code wrk} when it is installed
 * (Debian's package: a C client leaves the two cores to the server), else the Java client; prints req/s, p50/p99
 * and errors per endpoint and the server's RSS. Arguments: seconds of mixed traffic (60), clients (16).
 *
 * <pre>
 * mvn -q -pl backtest-sdk,backtest-ee-server package -DskipTests
 * cd backtest-ee-server && mvn -q test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.backtest.server.load.LoadBenchmark -Dexec.args="60 16"
 * </pre>
 */
public final class LoadBenchmark {

    private LoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        try (LoadServer load = LoadServer.start("load-benchmark")) {
            List<LoadTargets.ClientSetup> setups = LoadTargets.setUp(load, clients);
            System.out.println("RSS after start: " + load.rssMiB() + " MiB");
            LoadGenerator.run(LoadTargets.mixed(load, setups), clients, Duration.ofSeconds(10), Long.MAX_VALUE); // warm-up
            LoadGenerator.Result mixed = LoadGenerator.run(LoadTargets.mixed(load, setups), clients, Duration.ofSeconds(seconds),
                    Long.MAX_VALUE);
            System.out.printf("%nMixed traffic, %d clients, %.0f s:%n%s", clients, mixed.elapsed().toMillis() / 1000.0, mixed.markdown());
            System.out.println("RSS after mixed traffic: " + load.rssMiB() + " MiB");
            long queuedAt = System.nanoTime();
            LoadTargets.awaitRunsFinished(load, setups, Duration.ofMinutes(10));
            System.out.printf("runs queued by the mixed traffic all finished %.0f s after it ended%n", (System.nanoTime() - queuedAt) / 1e9);
            if (wrkInstalled()) {
                System.out.printf("%nCached candles only, wrk, 1 thread, %d connections, 20 s:%n", clients);
                new ProcessBuilder("wrk", "-t1", "-c" + clients, "-d20s", "--latency", "-H",
                        "Authorization: Bearer " + setups.get(0).token(), load.server().uri(LoadTargets.CACHED_CANDLES_QUERY).toString())
                        .inheritIO().start().waitFor();
            } else {
                LoadGenerator.Result cached = LoadGenerator.run(LoadTargets.cachedCandles(load, setups), clients,
                        Duration.ofSeconds(20), Long.MAX_VALUE);
                System.out.printf("%nCached candles only, %d clients, %.0f s:%n%s", clients, cached.elapsed().toMillis() / 1000.0,
                        cached.markdown());
            }
            System.out.println("RSS at the end: " + load.rssMiB() + " MiB");
        }
    }

    private static boolean wrkInstalled() {
        try {
            return new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start().waitFor() >= 0;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
