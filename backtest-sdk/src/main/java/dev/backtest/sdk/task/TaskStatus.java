package dev.backtest.sdk.task;

import java.util.Locale;

/**
 * Where a task is: waiting, working, or finished one of three ways. The wire form is the lower-case name.
 *
 * <pre>{@code
 * if (task.status().finished()) { ... }
 * }</pre>
 */
public enum TaskStatus {
    QUEUED, RUNNING, COMPLETED, FAILED, CANCELLED;

    /** {@code queued}, {@code running}, {@code completed}, {@code failed}, {@code cancelled}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the task ended (completed, failed or cancelled). */
    public boolean finished() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}
