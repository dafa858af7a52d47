package dev.backtest.sdk.walkforward.internal;

import dev.backtest.sdk.persistence.internal.StoredJson;
import dev.backtest.sdk.run.internal.BacktestWork;
import dev.backtest.sdk.run.internal.RunSnapshot;
import dev.backtest.sdk.walkforward.WalkForwardView;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A walk-forward optimisation of a backtest, as stored in {@code walk_forwards}: the request, the snapshot it runs
 * on, windows done of windows, and the result document once completed.
 *
 * <pre>{@code
 * WalkForwardRun w = new WalkForwardRun(me, backtestId, requestJson, snapshot, "sharpe_ratio", "rolling", 500, 100, 100, now);
 * WalkForwardView view = w.view();
 * }</pre>
 */
@Entity
@Table(name = "walk_forwards")
public class WalkForwardRun extends BacktestWork {

    @Column(name = "snapshot", nullable = false, updatable = false)
    private String snapshotJson;

    @Column(name = "mode", nullable = false, updatable = false, length = 16)
    private String mode;

    @Column(name = "train_bars", nullable = false, updatable = false)
    private int trainBars;

    @Column(name = "test_bars", nullable = false, updatable = false)
    private int testBars;

    @Column(name = "step", nullable = false, updatable = false)
    private int step;

    @Column(name = "windows", nullable = false)
    private int windows;

    @Column(name = "windows_done", nullable = false)
    private int windowsDone;

    protected WalkForwardRun() {
        // for JPA
    }

    public WalkForwardRun(UUID userId, UUID backtestId, String requestJson, RunSnapshot snapshot, String metric, String mode,
                          int trainBars, int testBars, int step, OffsetDateTime queuedAt) {
        super(userId, backtestId, requestJson, snapshot, metric, queuedAt);
        this.snapshotJson = StoredJson.write(snapshot);
        this.mode = mode;
        this.trainBars = trainBars;
        this.testBars = testBars;
        this.step = step;
    }

    public RunSnapshot snapshot() { return StoredJson.read(snapshotJson, RunSnapshot.class); }

    /** Started on the candles: {@code total} windows to do. */
    public void begin(int total, OffsetDateTime now) {
        claim(now);
        windows = total;
    }

    public void windowDone(int done) {
        windowsDone = done;
    }

    /** What its owner sees. */
    public WalkForwardView view() {
        return new WalkForwardView(getId(), getBacktestId(), getStatus().wire(), getStrategy(), getMetric(), mode, trainBars, testBars, step, windows,
                windowsDone, windows == 0 ? 0 : windowsDone * 100 / windows, getQueuedAt(), getStartedAt().orElse(null),
                getFinishedAt().orElse(null), getErrorCode().orElse(null), getErrorMessage().orElse(null),
                getResultJson().map(StoredJson::tree).orElse(null));
    }
}
