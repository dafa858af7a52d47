package dev.backtest.sdk.run;

import java.time.Duration;

/**
 * The run queue for one kind of task ({@code backtest-run}, {@code optimize-chunk}, ...) at one moment: items waiting,
 * items being worked on, and how long the oldest waiting item has been due (zero when none waits).
 *
 * <pre>{@code
 * client.diagnostics().queue().forEach(q -> System.out.println(q.task() + ": " + q.queued() + " waiting"));
 * }</pre>
 */
public record QueueDepth(String task, long queued, long running, Duration oldestQueuedAge) {
}
