package dev.backtest.server.storage;

import dev.backtest.error.BacktestException;

/**
 * A retryable SDK error (store unreachable or failing) re-thrown under its own type, because Fault
 * Tolerance chooses what to retry and what opens the breaker by exception class, not by code. Keeps
 * the original code, message and details, so it becomes the same problem document.
 */
public class StoreRetryableException extends BacktestException {

    private static final long serialVersionUID = 1L;

    StoreRetryableException(BacktestException cause) {
        super(cause.code(), cause.getMessage(), cause, cause.details());
    }

    /** Runs {@code call}, re-throwing retryable SDK errors as this type. */
    static <T> T translate(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (StoreRetryableException e) {
            throw e;
        } catch (BacktestException e) {
            throw e.retryable() ? new StoreRetryableException(e) : e;
        }
    }
}
