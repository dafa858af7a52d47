package dev.backtest.sdk.run;

import java.util.UUID;

/**
 * Told when this instance starts and finishes a run, so a host (the server's metrics) can count and time runs
 * without the SDK depending on a metrics library. Called on the worker thread: keep it cheap. A run retried after a
 * failed attempt is started again; it finishes once.
 *
 * <pre>{@code
 * BacktestClient.builder().runListener(new RunListener() {
 *     public void runFinished(UUID runId, RunStatus status, long nanos) { timer.record(nanos); }
 * })
 * }</pre>
 */
public interface RunListener {

    RunListener NONE = new RunListener() { };

    /** A worker of this instance claimed the run and starts it. */
    default void runStarted(UUID runId) {
    }

    /** The run ended on this instance ({@code completed}, {@code failed} or {@code cancelled}) after {@code nanos}. */
    default void runFinished(UUID runId, RunStatus status, long nanos) {
    }
}
