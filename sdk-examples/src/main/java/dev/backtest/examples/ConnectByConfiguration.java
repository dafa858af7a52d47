package dev.backtest.examples;

import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.HealthReport;
import dev.backtest.sdk.config.BacktestConfig;

/**
 * Connects to PostgreSQL and MinIO (or any S3 server) purely by configuration, the same keys the
 * server reads:
 *
 * <pre>
 * export DATABASE_URL=postgresql://backtest:secret@127.0.0.1:5432/backtest
 * export MINIO_ENDPOINT=http://127.0.0.1:9000 MINIO_ACCESS_KEY=minioadmin MINIO_SECRET_KEY=minioadmin
 * mvn -q -pl sdk-examples exec:java -Dexec.mainClass=dev.backtest.examples.ConnectByConfiguration
 * </pre>
 */
public final class ConnectByConfiguration {

    private ConnectByConfiguration() {
    }

    public static void main(String[] args) {
        System.exit(run(BacktestConfig.fromEnvironment()).up() ? 0 : 1);
    }

    static HealthReport run(BacktestConfig config) {
        try (BacktestClient client = BacktestClient.builder().config(config).build()) {
            System.out.println("connected: " + config);
            HealthReport health = client.health();
            health.dependencies().forEach(d -> System.out.println("  " + d.name() + ": " + (d.up() ? "up" : "DOWN") + " " + d.detail()));
            System.out.println("bucket holds " + client.storage().status().objectCount() + " objects");
            return health;
        }
    }
}
