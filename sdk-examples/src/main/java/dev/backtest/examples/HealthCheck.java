package dev.backtest.examples;

import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.DependencyHealth;
import dev.backtest.sdk.HealthReport;

import java.nio.file.Path;

/**
 * Starts the SDK on embedded defaults (H2 file database and a local object store under the given folder) and
 * prints the state of each dependency.
 *
 * <pre>
 * mvn -q -pl sdk-examples exec:java -Dexec.mainClass=dev.backtest.examples.HealthCheck -Dexec.args=./backtest-data
 * </pre>
 */
public final class HealthCheck {

    private HealthCheck() {
    }

    public static void main(String[] args) {
        if (!Usage.given(args, 1, "HealthCheck", "DATA_DIR   (a folder for the embedded database and store)")) {
            System.exit(2);
        }
        HealthReport report = run(Path.of(args[0]));
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
