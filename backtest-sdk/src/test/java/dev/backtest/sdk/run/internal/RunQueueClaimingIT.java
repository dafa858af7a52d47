package dev.backtest.sdk.run.internal;

import dev.backtest.sdk.BacktestClient;
import dev.backtest.sdk.backtest.BacktestInput;
import dev.backtest.sdk.config.ConfigKey;
import dev.backtest.sdk.run.RunTiming;
import dev.backtest.sdk.strategy.StrategyInput;
import dev.backtest.sdk.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

import static dev.backtest.sdk.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * On PostgreSQL an instance claims queue items with {@code FOR UPDATE SKIP LOCKED}: a row another transaction holds
 * locked is passed over, never waited for. With one worker, a claim that waited on the locked item queued first
 * would leave the second one unclaimed for as long as the lock is held.
 */
class RunQueueClaimingIT {

    private static final RunTiming FAST = new RunTiming(Duration.ofMillis(100), Duration.ofMillis(100), 4,
            Duration.ofMillis(200));

    @TempDir
    Path dataDir;
    private String url;
    private BacktestClient producer;
    private BacktestClient worker;

    @AfterEach
    void close() {
        if (worker != null) {
            worker.close();
        }
        if (producer != null) {
            producer.close();
        }
        if (url != null) {
            TestDatabases.dropSchema(url);
        }
    }

    @Test
    void aWorkerPassesOverAQueueItemLockedByAnotherTransactionAndTakesTheNext() throws Exception {
        url = TestDatabases.freshPostgresSchema();
        producer = client(0);
        UUID me = UUID.randomUUID();
        producer.users().ensure(me, me + "@example.com");
        UUID first = backtest(me);
        UUID second = backtest(me);
        UUID firstRun = producer.runs().start(me, first).id();
        Thread.sleep(10); // the second item is due strictly later, so a claim in due order meets the locked one first
        producer.runs().start(me, second);

        try (Connection lock = DriverManager.getConnection(url)) {
            lock.setAutoCommit(false);
            try (PreparedStatement ps = lock.prepareStatement("SELECT task_instance FROM scheduled_tasks WHERE task_instance = ? FOR UPDATE")) {
                ps.setString(1, firstRun.toString());
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).as("the first run's queue item exists").isTrue();
                }
            }
            worker = client(1);

            await(() -> producer.runs().get(me, second).finished());
            assertThat(producer.runs().get(me, second).status()).isEqualTo("completed");
            assertThat(producer.runs().get(me, first).status()).as("the locked item is left for later").isEqualTo("queued");
            lock.commit();
        }
        await(() -> producer.runs().get(me, first).finished());
        assertThat(producer.runs().get(me, first).status()).isEqualTo("completed");
    }

    private BacktestClient client(int workers) {
        return BacktestClient.builder().ignoreEnvironment().embedded(dataDir).databaseUrl(url).sampleData(true)
                .set(ConfigKey.BACKTEST_WORKERS, String.valueOf(workers)).runTiming(FAST).build();
    }

    private UUID backtest(UUID user) {
        var s = producer.strategies().create(user, new StrategyInput("cross " + UUID.randomUUID(), null, "sma_cross",
                Map.of("fast", 5, "slow", 20), false));
        return producer.backtests().create(user, new BacktestInput("bt " + UUID.randomUUID(), s.id().toString(), "BTC", "1d",
                LocalDate.of(2023, 1, 1), LocalDate.of(2023, 12, 31), new BigDecimal("100000"), new BigDecimal("0.001"),
                Map.of())).id();
    }
}
