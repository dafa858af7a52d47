package dev.backtest.examples;

import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.DependencyHealth;
import dev.backtest.sdk.HealthReport;

import java.nio.file.Path;

/**
 * Starts the SDK on embedded defaults (H2 file database and a local object store seeded with sample
 * candles under the given folder) and prints the state of each dependency.
 *
 * <pre>
 * mvn -q -pl sdk-examples exec:java -Dexec.mainClass=dev.backtest.examples.HealthCheck -Dexec.args=./backtest-data
 * </pre>
 */
public final class HealthCheck {

    private HealthCheck() {
    }

    public static void main(String[] args) {
        Path dataDir = Path.of(args.length > 0 ? args[0] : "backtest-data");
        HealthReport report = run(dataDir);
        System.exit(report.up() ? 0 : 1);
    }

    static HealthReport run(Path dataDir) {
        try (BacktestClient client = BacktestClient.builder().embedded(dataDir).build()) {
            HealthReport report = client.health();
            for (DependencyHealth d : report.dependencies()) {
                System.out.printf("%-13s %-4s %6.1f ms  %s%n", d.name(), d.up() ? "up" : "DOWN", d.latency().toNanos() / 1e6, d.detail());
            }
            System.out.println("objects in store: " + client.storage().status().objectCount());
            return report;
        }
    }
}
