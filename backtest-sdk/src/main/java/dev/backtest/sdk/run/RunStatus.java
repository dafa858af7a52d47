package dev.backtest.sdk.run;

import java.util.Arrays;
import java.util.Locale;

/**
 * The state of one run of a backtest, and of a distributed sweep and each of its chunks:
 * {@code queued → running → completed | failed | cancelled}. Users see the lower-case {@link #wire()} name in
 * {@link RunView#status()} and {@link OptimizationView#status()}.
 *
 * <pre>{@code
 * RunView run = client.runs().get(me, backtestId);
 * if (RunStatus.fromWire(run.status()) == RunStatus.FAILED) {
 *     System.err.println(run.errorCode() + ": " + run.errorMessage());
 * }
 * }</pre>
 */
public enum RunStatus {
    QUEUED, RUNNING, COMPLETED, FAILED, CANCELLED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean finished() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    public static RunStatus fromWire(String value) {
        return Arrays.stream(values()).filter(s -> s.wire().equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown run status " + value));
    }
}
