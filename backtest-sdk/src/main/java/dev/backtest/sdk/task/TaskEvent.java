package dev.backtest.sdk.task;

import java.util.Objects;

/**
 * A change of a task, as {@link TaskService#events} reports it: named {@code progress} while the task goes on, or
 * after its final status ({@code completed}, {@code failed}, {@code cancelled}) for the last event of a stream. The
 * server sends each one as a server-sent event with this name, {@link #id()} and the task as JSON data.
 *
 * <pre>{@code
 * try (Stream<TaskEvent> events = client.tasks().events(me, taskId, Duration.ofMillis(250), Duration.ofMinutes(10))) {
 *     events.forEach(e -> System.out.println(e.name() + " " + e.task().progress() + " %"));   // ... completed 100 %
 * }
 * }</pre>
 *
 * @param name {@code progress}, or the final status's wire name
 * @param task the task as it was read
 */
public record TaskEvent(String name, TaskView task) {

    /** The name of every event before the last one. */
    public static final String PROGRESS = "progress";

    public TaskEvent {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(task, "task");
    }

    /** The event of a task as read now: named after its final status once finished, {@code progress} before. */
    public static TaskEvent of(TaskView task) {
        return new TaskEvent(task.finished() ? task.status().wire() : PROGRESS, task);
    }

    /** Whether this is the last event of its stream (the task finished). */
    public boolean last() {
        return task.finished();
    }

    /** An id for the event that changes whenever its content does: {@code <task id>:<status>:<progress>}. */
    public String id() {
        return task.id() + ":" + task.status().wire() + ":" + task.progress();
    }
}
