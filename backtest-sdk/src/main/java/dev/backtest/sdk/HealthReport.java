package dev.backtest.sdk;

import java.util.List;

/**
 * A health check of every dependency of a {@link BacktestClient}.
 *
 * <pre>{@code
 * HealthReport report = client.health();
 * if (!report.up()) report.dependencies().stream().filter(d -> !d.up()).forEach(System.err::println);
 * }</pre>
 */
public record HealthReport(List<DependencyHealth> dependencies) {

    public HealthReport {
        dependencies = List.copyOf(dependencies);
    }

    /** Whether every dependency is up. */
    public boolean up() {
        return dependencies.stream().allMatch(DependencyHealth::up);
    }
}
