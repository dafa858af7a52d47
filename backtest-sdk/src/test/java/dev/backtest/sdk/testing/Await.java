package dev.backtest.sdk.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Polling for a condition that another thread or instance makes true, with a deadline that fails the test. */
public final class Await {

    private Await() {
    }

    /** Polls every 20 ms until {@code condition} holds; fails the test after 60 s. */
    public static void await(BooleanSupplier condition) {
        await(condition, Duration.ofSeconds(60));
    }

    /** Polls every 20 ms until {@code condition} holds; fails the test after {@code timeout}. */
    public static void await(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition met within " + timeout).isLessThan(deadline);
            sleep(Duration.ofMillis(20));
        }
    }

    /**
     * Sleeps between two tries of a polling loop that checks its own deadline, or in a loop that throttles itself;
     * an interrupt ends the test.
     */
    public static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
