package dev.backtest.examples;

import dev.backtest.sdk.DependencyHealth;
import dev.backtest.sdk.HealthReport;
import dev.backtest.sdk.config.BacktestConfig;
import dev.backtest.sdk.config.ConfigKey;
import dev.backtest.sdk.testing.S3Server;
import dev.backtest.sdk.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectByConfigurationIT {

    @Test
    void connectsToPostgresAndAnS3ServerByConfigurationAlone(@TempDir Path dir) {
        String url = TestDatabases.freshPostgresSchema();
        try (S3Server s3 = S3Server.start()) {
            BacktestConfig config = BacktestConfig.builder().ignoreEnvironment()
                    .set(ConfigKey.DATABASE_URL, url)
                    .set(ConfigKey.MINIO_ENDPOINT, s3.endpoint())
                    .set(ConfigKey.MINIO_ACCESS_KEY, S3Server.ACCESS_KEY)
                    .set(ConfigKey.MINIO_SECRET_KEY, S3Server.SECRET_KEY)
                    .dataDir(dir)
                    .build();
            HealthReport health = ConnectByConfiguration.run(config);
            assertThat(health.up()).isTrue();
            assertThat(health.dependencies()).filteredOn(d -> d.name().equals("database")).extracting(DependencyHealth::detail)
                    .containsExactly("postgresql");
            assertThat(health.dependencies()).filteredOn(d -> d.name().equals("object_store")).extracting(DependencyHealth::detail)
                    .allSatisfy(d -> assertThat(d).startsWith("minio " + s3.endpoint()));
        } finally {
            TestDatabases.dropSchema(url);
        }
    }
}
