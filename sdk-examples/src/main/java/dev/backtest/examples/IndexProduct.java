package dev.backtest.examples;

import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.index.IndexCurrent;
import dev.backtest.sdk.index.IndexInput;
import dev.backtest.sdk.index.IndexRunView;
import dev.backtest.sdk.index.IndexView;
import dev.backtest.sdk.run.RunStatus;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.UUID;

/**
 * An index of the sample assets (BTC and ETH by market cap, at most 70 % each, rebalanced monthly, against BTC): created
 * for a new user, run through the run queue, then its current value, allocations and benchmark statistics.
 *
 * <pre>
 * mvn -q -pl sdk-examples exec:java -Dexec.mainClass=dev.backtest.examples.IndexProduct -Dexec.args=/tmp/backtest-demo
 * </pre>
 */
public final class IndexProduct {

    public static void main(String[] args) throws InterruptedException {
        if (!Usage.given(args, 1, "IndexProduct", "DATA_DIR   (a folder for the embedded database and the sample data)")) {
            System.exit(2);
        }
        IndexCurrent now = run(Path.of(args[0]));
        System.out.printf("index on %s: %.2f (%+.2f %% over a month)%n", now.date(), now.value(), now.change1mPct());
        now.allocations().forEach(a -> System.out.printf("  %s %.1f %% (target %.1f %%)%n", a.symbol(), a.weight() * 100,
                a.targetWeight() * 100));
    }

    /** Creates and runs the index, waiting up to two minutes for its run, and returns its current value. */
    static IndexCurrent run(Path dataDir) throws InterruptedException {
        try (BacktestClient client = BacktestClient.builder().embedded(dataDir).sampleData(true).build()) {
            UUID me = UUID.randomUUID();
            client.users().ensure(me, "index-example@example.com");
            IndexView index = client.indexes().create(me, IndexInput.builder().name("Crypto majors").universe("BTC", "ETH")
                    .weighting("market_cap").maxWeight(0.7).schedule("monthly").benchmark("BTC").baseValue(1000.0)
                    .startDate(LocalDate.of(2023, 1, 1)).build());
            client.indexes().run(me, index.id());
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            IndexRunView run = client.indexes().latestRun(me, index.id());
            while (!run.status().finished() && System.nanoTime() < deadline) {
                Thread.sleep(100);
                run = client.indexes().latestRun(me, index.id());
            }
            if (run.status() != RunStatus.COMPLETED) {
                throw new IllegalStateException("the index run ended " + run.status().wire() + ": " + run.errorMessage());
            }
            return client.indexes().current(me, index.id());
        }
    }

    private IndexProduct() {
    }
}
