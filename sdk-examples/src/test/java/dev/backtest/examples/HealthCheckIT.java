package dev.backtest.examples;

import dev.backtest.sdk.DependencyHealth;
import dev.backtest.sdk.HealthReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class HealthCheckIT {

    @Test
    void startsOnEmbeddedDefaultsWithEveryDependencyUpAndNoSampleDataUnlessAsked(@TempDir Path dir) throws Exception {
        HealthReport report = HealthCheck.run(dir);
        assertThat(report.up()).isTrue();
        assertThat(report.dependencies()).extracting(DependencyHealth::name).containsExactly("database", "object_store", "duckdb");
        try (Stream<Path> files = Files.walk(dir.resolve("objects"))) {
            assertThat(files.filter(p -> p.toString().endsWith(".parquet")).count()).isZero();
        }
    }
}
