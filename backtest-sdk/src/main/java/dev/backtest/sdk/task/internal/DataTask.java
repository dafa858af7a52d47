package dev.backtest.sdk.task.internal;

import dev.backtest.sdk.persistence.internal.NullableUuidConverter;
import dev.backtest.sdk.task.TaskKind;
import dev.backtest.sdk.task.TaskStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * One refresh or import, as stored in {@code data_tasks}: who asked (null: the scheduler), the symbols, progress and
 * counts, and how it ended. The status moves only through {@link #start}, {@link #progress} and {@link #finish}:
 * {@code running → completed | failed | cancelled}, never out of a finished state; a cancel is a request
 * ({@code cancel_requested}) that the work honours between symbols.
 *
 * <pre>{@code
 * DataTask t = DataTask.start(TaskKind.REFRESH, null, List.of("BTC", "SPY"), now);
 * t.progress(50, 1_440, 1);
 * t.finish(TaskStatus.COMPLETED, null, null, later);
 * }</pre>
 */
@Entity
@Table(name = "data_tasks")
public class DataTask {

    /** The longest symbol list and error message the table keeps (longer ones are shortened). */
    static final int SYMBOLS_LENGTH = 2000;
    static final int MESSAGE_LENGTH = 2000;

    @Id
    @Column(name = "id", nullable = false, updatable = false)
    private UUID id;

    @Column(name = "kind", nullable = false, updatable = false, length = 16)
    private String kind;

    @Column(name = "status", nullable = false, length = 16)
    private String status;

    @Column(name = "user_id", updatable = false)
    @Convert(converter = NullableUuidConverter.class)
    private UUID userId;

    @Column(name = "symbols", nullable = false, updatable = false, length = SYMBOLS_LENGTH)
    private String symbols;

    @Column(name = "progress", nullable = false)
    private int progress;

    @Column(name = "bars_written", nullable = false)
    private long barsWritten;

    @Column(name = "objects_written", nullable = false)
    private int objectsWritten;

    @Column(name = "error_code", length = 64)
    private String errorCode;

    @Column(name = "error_message", length = MESSAGE_LENGTH)
    private String errorMessage;

    @Column(name = "cancel_requested", nullable = false)
    private boolean cancelRequested;

    @Column(name = "created_at", nullable = false, updatable = false)
    private OffsetDateTime createdAt;

    @Column(name = "started_at")
    private OffsetDateTime startedAt;

    @Column(name = "finished_at")
    private OffsetDateTime finishedAt;

    @Version
    @Column(name = "version", nullable = false)
    private long version;

    protected DataTask() {
        // for JPA
    }

    private DataTask(UUID id, TaskKind kind, UUID userId, List<String> symbols, OffsetDateTime now) {
        this.id = id;
        this.kind = kind.wire();
        this.status = TaskStatus.RUNNING.wire();
        this.userId = userId;
        this.symbols = shorten(String.join(",", symbols), SYMBOLS_LENGTH);
        this.createdAt = now;
        this.startedAt = now;
    }

    /**
     * A task of kind {@code refresh}, {@code import} or {@code scenario}, running from {@code now}.
     *
     * @throws IllegalArgumentException for a kind that does not live in this table (runs and sweeps have their own)
     */
    public static DataTask start(TaskKind kind, UUID userId, List<String> symbols, OffsetDateTime now) {
        if (kind != TaskKind.REFRESH && kind != TaskKind.IMPORT && kind != TaskKind.SCENARIO) {
            throw new IllegalArgumentException("data_tasks holds refreshes, imports and scenarios, not " + kind.wire());
        }
        return new DataTask(UUID.randomUUID(), kind, userId, symbols, now);
    }

    public UUID getId() { return id; }
    public TaskKind getKind() { return TaskKind.valueOf(kind.toUpperCase(Locale.ROOT)); }
    public TaskStatus getStatus() { return TaskStatus.valueOf(status.toUpperCase(Locale.ROOT)); }
    public Optional<UUID> getUserId() { return Optional.ofNullable(userId); }
    public List<String> getSymbols() { return symbols.isEmpty() ? List.of() : Arrays.asList(symbols.split(",")); }
    public int getProgress() { return progress; }
    public long getBarsWritten() { return barsWritten; }
    public int getObjectsWritten() { return objectsWritten; }
    public Optional<String> getErrorCode() { return Optional.ofNullable(errorCode); }
    public Optional<String> getErrorMessage() { return Optional.ofNullable(errorMessage); }
    public boolean isCancelRequested() { return cancelRequested; }
    public OffsetDateTime getCreatedAt() { return createdAt; }
    public Optional<OffsetDateTime> getStartedAt() { return Optional.ofNullable(startedAt); }
    public Optional<OffsetDateTime> getFinishedAt() { return Optional.ofNullable(finishedAt); }
    public long getVersion() { return version; }

    /** Work done so far: {@code percent} (0 to 100, never going back) and the running totals. */
    public void progress(int percent, long bars, int objects) {
        requireUnfinished("record progress of");
        if (percent < 0 || percent > 100 || bars < 0 || objects < 0) {
            throw new IllegalArgumentException("progress " + percent + " %, " + bars + " bars, " + objects + " objects is out of range");
        }
        progress = Math.max(progress, percent);
        barsWritten = bars;
        objectsWritten = objects;
    }

    /** Asks the work to stop at its next check; ignored once finished. */
    public void requestCancel() {
        if (!getStatus().finished()) {
            cancelRequested = true;
        }
    }

    /**
     * The final status, with the error of a failure; a completed task is at 100 %.
     *
     * @throws IllegalArgumentException for a status that is not final
     * @throws IllegalStateException    when the task has finished already
     */
    public void finish(TaskStatus outcome, String code, String message, OffsetDateTime now) {
        if (!outcome.finished()) {
            throw new IllegalArgumentException(outcome.wire() + " is not a final status");
        }
        requireUnfinished("finish");
        status = outcome.wire();
        if (outcome == TaskStatus.COMPLETED) {
            progress = 100;
        }
        errorCode = code == null ? null : shorten(code, 64);
        errorMessage = message == null ? null : shorten(message, MESSAGE_LENGTH);
        finishedAt = startedAt != null && now.isBefore(startedAt) ? startedAt : now;
    }

    private void requireUnfinished(String action) {
        if (getStatus().finished()) {
            throw new IllegalStateException("cannot " + action + " data task " + id + ": it is " + status);
        }
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }
}
