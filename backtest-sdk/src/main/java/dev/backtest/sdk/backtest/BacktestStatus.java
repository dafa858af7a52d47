package dev.backtest.sdk.backtest;

import dev.backtest.error.BacktestException;
import dev.backtest.error.ErrorCode;

import java.util.Arrays;
import java.util.Locale;

/**
 * Where a backtest is in its life: {@code draft → queued → running → completed | failed | cancelled}.
 * Users see the lower-case {@link #wire()} name in {@link BacktestView#status()}.
 *
 * <pre>{@code
 * BacktestView view = client.backtests().get(me, backtestId);
 * if (BacktestStatus.fromWire(view.status()).editable()) {
 *     client.backtests().delete(me, backtestId);
 * }
 * }</pre>
 */
public enum BacktestStatus {
    DRAFT, QUEUED, RUNNING, COMPLETED, FAILED, CANCELLED;

    /** The lower-case name used in the database and in JSON. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the backtest may be edited or deleted in this state. */
    public boolean editable() {
        return this != QUEUED && this != RUNNING;
    }

    public static BacktestStatus fromWire(String value) {
        return Arrays.stream(values()).filter(s -> s.wire().equals(value)).findFirst()
                .orElseThrow(() -> BacktestException.of(ErrorCode.VALIDATION_FAILED,
                        "status '" + value + "' is not valid; accepted: draft, queued, running, completed, failed, cancelled"));
    }
}
