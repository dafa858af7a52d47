package dev.backtest.server.health;

import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.DependencyHealth;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.health.Startup;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;

/**
 * MicroProfile Health: readiness has one check per dependency (database, object store, DuckDB);
 * liveness is the JVM itself; startup is the SDK client having started.
 */
@ApplicationScoped
public class DependencyHealthChecks {

    @Inject
    BacktestClient client;

    @Produces
    @Readiness
    HealthCheck database() {
        return () -> response(client.checkDatabase());
    }

    @Produces
    @Readiness
    HealthCheck objectStore() {
        return () -> response(client.checkStorage());
    }

    @Produces
    @Readiness
    HealthCheck duckDb() {
        return () -> response(client.checkDuckDb());
    }

    @Produces
    @Startup
    HealthCheck started() {
        return () -> HealthCheckResponse.named("backtest-client").status(client.config() != null).build();
    }

    @Produces
    @Liveness
    HealthCheck jvm() {
        return () -> {
            MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            return HealthCheckResponse.named("jvm").up().withData("heap_used_bytes", heap.getUsed())
                    .withData("heap_max_bytes", heap.getMax()).build();
        };
    }

    static HealthCheckResponse response(DependencyHealth d) {
        return HealthCheckResponse.named(d.name()).status(d.up())
                .withData("latency_ms", d.latency().toMillis())
                .withData("detail", d.detail())
                .build();
    }
}
