package dev.backtest.sdk.task;

import dev.backtest.error.FieldErrors;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Which tasks to list: of one kind (null: every kind) and in one status (null: any status).
 *
 * <pre>{@code
 * TaskFilter everything = TaskFilter.all();
 * TaskFilter runningRefreshes = new TaskFilter(TaskKind.REFRESH, TaskStatus.RUNNING);
 * TaskFilter fromQuery = TaskFilter.parse(params.get("kind"), params.get("status"));   // "sweep", "failed"
 * }</pre>
 *
 * @param kind   only tasks of this kind, or null for every kind
 * @param status only tasks in this status, or null for any
 */
public record TaskFilter(TaskKind kind, TaskStatus status) {

    private static final TaskFilter ALL = new TaskFilter(null, null);

    /** Every task: any kind, any status. */
    public static TaskFilter all() {
        return ALL;
    }

    /** Tasks of one kind, in any status. */
    public static TaskFilter of(TaskKind kind) {
        return new TaskFilter(kind, null);
    }

    /**
     * A filter from query parameters, each may be null or blank (no restriction): {@code kind} one of {@code run},
     * {@code sweep}, {@code refresh}, {@code import}; {@code status} one of {@code queued}, {@code running},
     * {@code completed}, {@code failed}, {@code cancelled}.
     *
     * @throws dev.backtest.error.BacktestException {@link dev.backtest.error.ErrorCode#VALIDATION_FAILED} listing every
     *         bad parameter (fields {@code kind}, {@code status})
     */
    public static TaskFilter parse(String kind, String status) {
        FieldErrors errors = new FieldErrors();
        TaskKind k = null;
        if (kind != null && !kind.isBlank()) {
            k = Arrays.stream(TaskKind.values()).filter(v -> v.wire().equals(kind.strip())).findFirst().orElse(null);
            if (k == null) {
                errors.add("kind", "must be one of " + Arrays.stream(TaskKind.values()).map(TaskKind::wire).collect(Collectors.joining(", "))
                        + "; got '" + shorten(kind) + "'");
            }
        }
        TaskStatus s = null;
        if (status != null && !status.isBlank()) {
            s = Arrays.stream(TaskStatus.values()).filter(v -> v.wire().equals(status.strip())).findFirst().orElse(null);
            if (s == null) {
                errors.add("status", "must be one of " + Arrays.stream(TaskStatus.values()).map(TaskStatus::wire)
                        .collect(Collectors.joining(", ")) + "; got '" + shorten(status) + "'");
            }
        }
        errors.throwIfAny();
        return new TaskFilter(k, s);
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
