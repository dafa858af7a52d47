package dev.backtest.server.load;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The short (10 s, loopback, bounded) version of the load benchmark that CI runs: the same mixed traffic against
 * the uber-jar on PostgreSQL with authentication on — cached and uncached candles, backtest lists, trades, runs —
 * must see no errors and no 5xx, and the server must stay under 1 GiB of resident memory. The 60-second version
 * with figures is {@link LoadBenchmark}.
 */
class LoadSmokeIT {

    private static final int CLIENTS = 8;
    private static LoadServer load;
    private static List<LoadTargets.ClientSetup> setups;

    @BeforeAll
    static void start() throws Exception {
        load = LoadServer.start("load-smoke");
        setups = LoadTargets.setUp(load, CLIENTS);
    }

    @AfterAll
    static void stop() {
        if (load != null) {
            load.close();
        }
    }

    @Test
    void mixedTrafficForTenSecondsHasNoErrors() throws Exception {
        LoadGenerator.Result r = LoadGenerator.run(LoadTargets.mixed(load, setups), CLIENTS, Duration.ofSeconds(10), 500_000);
        long rss = load.rssMiB();
        System.out.println("[LoadSmokeIT] RSS " + rss + " MiB\n" + r.markdown());
        assertThat(r.serverErrors()).as("5xx answers").isZero();
        assertThat(r.errors()).as("errors:%n%s", r.markdown()).isZero();
        // every kind of request was sent (how many depends on the machine: CI shares its two cores)
        for (String endpoint : List.of(LoadTargets.CACHED_CANDLES, "GET /ohlcv/data (uncached)", "GET /backtests", "POST /trades",
                "POST /backtests", "POST /backtests/{id}/run")) {
            assertThat(r.target(endpoint).requests()).as(endpoint).isPositive();
        }
        assertThat(rss).as("server RSS in MiB").isLessThan(1024);
    }
}
