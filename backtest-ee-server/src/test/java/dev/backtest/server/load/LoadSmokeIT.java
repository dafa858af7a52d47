package dev.backtest.server.load;

import dev.backtest.server.testing.ServerProcess;
import dev.backtest.server.testing.SharedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A short (10 s, loopback, bounded) mixed load against the shared server: no errors, no 5xx. The
 * 60-second version with figures is {@link LoadBenchmark}.
 */
@ExtendWith(SharedServer.class)
class LoadSmokeIT {

    @Test
    void mixedTrafficForTenSecondsHasNoErrors(ServerProcess server) {
        List<LoadGenerator.Target> targets = LoadTargets.publicRoutes(server);
        LoadGenerator.Result r = LoadGenerator.run(targets, 8, Duration.ofSeconds(10), 200_000);
        System.out.println("[LoadSmokeIT]\n" + r.markdown());
        assertThat(r.requests()).isGreaterThan(100);
        assertThat(r.serverErrors()).as("5xx answers").isZero();
        assertThat(r.errors()).as("errors").isZero();
    }
}
